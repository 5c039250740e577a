package analysis

import (
	"context"
	"testing"
)

// TestCurrentMeasures uses the invented draft and final of testdata/diff: 4 measures each,
// the draft's left out.
func TestCurrentMeasures(t *testing.T) {
	m := diffModel(t)
	cur := m.CurrentMeasures(m.Measures)
	if len(m.Measures) != 8 || len(cur) != 4 {
		t.Fatalf("%d measures, %d current; want 8 and 4", len(m.Measures), len(cur))
	}
	for _, mv := range cur {
		if mv.Document.ID != "care-plan-final" {
			t.Errorf("measure %s of %s is current", mv.Number, mv.Document.ID)
		}
	}
	net, err := Coordination(context.Background(), m, NetworkScope{City: "东岳", Current: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(net.Measures) != 4 {
		t.Errorf("the current network has %d measures, want 4", len(net.Measures))
	}
}
