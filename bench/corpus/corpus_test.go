package corpus

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/policy"
)

// TestLoadMatchesTruth loads generated corpora with the real loader and checks that every
// document gives exactly the measures, agencies, roles, institutions, targets and
// observations the generator wrote.
func TestLoadMatchesTruth(t *testing.T) {
	tests := []struct {
		seed uint64
		n    int
	}{{1, 20}, {7, 20}, {2024, 40}}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("seed%d-n%d", tt.seed, tt.n), func(t *testing.T) {
			dir := t.TempDir()
			names := loader.DefaultNames()
			truth, err := New(tt.seed, names).Write(context.Background(), dir, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			docs, err := names.LoadPaths(context.Background(), []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != tt.n {
				t.Fatalf("loaded %d documents, want %d", len(docs), tt.n)
			}
			byID := map[string]*policy.Document{}
			for _, d := range docs {
				byID[d.ID] = d
			}
			for _, want := range truth.Documents {
				got := byID[want.ID]
				if got == nil {
					t.Errorf("%s: not loaded", want.ID)
					continue
				}
				compareDocument(t, want, got)
			}
		})
	}
}

func compareDocument(t *testing.T, want DocTruth, got *policy.Document) {
	t.Helper()
	meta := [][3]string{
		{"title", want.Title, got.Title}, {"city", want.City, got.City}, {"issuer", want.Issuer, got.Issuer},
		{"date", want.Date, got.Date}, {"status", string(want.Status), string(got.Status)},
	}
	for _, m := range meta {
		if m[1] != m[2] {
			t.Errorf("%s (%s): %s = %q, want %q", want.ID, want.Notation, m[0], m[2], m[1])
		}
	}
	if len(got.Measures) != len(want.Measures) {
		t.Errorf("%s (%s): %d measures, want %d", want.ID, want.Notation, len(got.Measures), len(want.Measures))
		return
	}
	for i, wm := range want.Measures {
		gm := got.Measures[i]
		where := fmt.Sprintf("%s (%s) measure %s", want.ID, want.Notation, wm.Number)
		if gm.Number != wm.Number || gm.Title != wm.Title {
			t.Errorf("%s: number/title %q %q, want %q %q", where, gm.Number, gm.Title, wm.Number, wm.Title)
		}
		roles := []RoleTruth{}
		for _, r := range gm.Responsibilities {
			roles = append(roles, RoleTruth{Agency: r.Agency.Name, Role: r.Role})
		}
		if !reflect.DeepEqual(roles, wm.Responsibilities) {
			t.Errorf("%s: responsibilities\n got %v\nwant %v", where, roles, wm.Responsibilities)
		}
		insts := []string{}
		for _, in := range gm.Institutions {
			insts = append(insts, in.Name)
		}
		if !reflect.DeepEqual(insts, wm.Institutions) {
			t.Errorf("%s: institutions %v, want %v", where, insts, wm.Institutions)
		}
		targets := []TargetTruth{}
		for _, tg := range gm.Targets {
			tt := TargetTruth{Indicator: tg.Indicator, Unit: tg.Unit, Comparator: tg.Comparator, Year: tg.Year}
			if tg.Value != nil {
				tt.Value = *tg.Value
			}
			targets = append(targets, tt)
		}
		if !reflect.DeepEqual(targets, wm.Targets) {
			t.Errorf("%s: targets\n got %+v\nwant %+v", where, targets, wm.Targets)
		}
	}
	obs := []ObservationTruth{}
	for _, o := range got.Observations {
		ot := ObservationTruth{Indicator: o.Indicator, Unit: o.Unit, Rank: o.Rank}
		if o.Value != nil {
			ot.Value = *o.Value
		}
		obs = append(obs, ot)
	}
	if !reflect.DeepEqual(obs, want.Observations) {
		t.Errorf("%s: observations\n got %+v\nwant %+v", want.ID, obs, want.Observations)
	}
}

// TestDeterministic checks that a seed always writes the same corpus, and that document k
// does not depend on the corpus size.
func TestDeterministic(t *testing.T) {
	names := loader.DefaultNames()
	a, b := t.TempDir(), t.TempDir()
	if _, err := New(42, names).Write(context.Background(), a, 5); err != nil {
		t.Fatal(err)
	}
	if _, err := New(42, names).Write(context.Background(), b, 8); err != nil {
		t.Fatal(err)
	}
	ta, err := ReadTruth(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ta.Documents {
		x, err := os.ReadFile(filepath.Join(a, d.File))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, d.File))
		if err != nil {
			t.Fatal(err)
		}
		if string(x) != string(y) {
			t.Errorf("%s differs between two runs with seed 42", d.File)
		}
	}
	other, _ := New(43, names).Document(1)
	same, _ := New(42, names).Document(1)
	if other == same {
		t.Error("seeds 42 and 43 wrote the same first document")
	}
}
