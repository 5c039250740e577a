package schema

import (
	"context"
	"errors"
	"testing"

	"github.com/graphql-go/graphql"
)

// TestResolversStopOnCancelledContext checks that list and object resolvers return the
// context's error once a request's context ends, so a timed-out query stops walking the
// model, and answer as usual while it lives.
func TestResolversStopOnCancelledContext(t *testing.T) {
	s, r := seedServer(t)
	m, err := r.Model(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	measure := m.Node("measure:jining-plan-final:1")
	if measure == nil {
		t.Fatal("the seed measure measure:jining-plan-final:1 is missing")
	}
	tests := []struct {
		typ, field string
		source     any
		args       map[string]any
	}{
		{"Query", "measures", nil, map[string]any{"agency": "市医保局"}},
		{"Query", "documents", nil, map[string]any{}},
		{"Query", "agencies", nil, map[string]any{}},
		{"Query", "targetsConnection", nil, map[string]any{}},
		{"Measure", "agencies", measure, map[string]any{}},
		{"Measure", "targets", measure, map[string]any{}},
		{"Measure", "document", measure, map[string]any{}},
	}
	for _, tt := range tests {
		t.Run(tt.typ+"."+tt.field, func(t *testing.T) {
			obj, ok := s.Type(tt.typ).(*graphql.Object)
			if !ok {
				t.Fatalf("no object type %s", tt.typ)
			}
			f := obj.Fields()[tt.field]
			if f == nil {
				t.Fatalf("no field %s.%s", tt.typ, tt.field)
			}
			live := WithModel(context.Background(), m)
			if _, err := f.Resolve(graphql.ResolveParams{Context: live, Source: tt.source, Args: tt.args}); err != nil {
				t.Fatalf("live context: %v", err)
			}
			ended, cancel := context.WithCancel(live)
			cancel()
			if _, err := f.Resolve(graphql.ResolveParams{Context: ended, Source: tt.source, Args: tt.args}); !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled context: err %v, want context.Canceled", err)
			}
		})
	}
}
