package graph_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/policykg/policykg/policy"

	. "github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
)

// unsetFields lists the fields of v's type, by path, that are zero everywhere in v.
func unsetFields(v reflect.Value) []string {
	set := map[string]bool{}
	var all []string
	var fields func(t reflect.Type, path string)
	fields = func(t reflect.Type, path string) {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice:
			fields(t.Elem(), path)
		case reflect.Struct:
			for i := range t.NumField() {
				p := path + "." + t.Field(i).Name
				all = append(all, p)
				fields(t.Field(i).Type, p)
			}
		}
	}
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem(), path)
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i), path)
			}
		case reflect.Struct:
			for i := range v.NumField() {
				p := path + "." + v.Type().Field(i).Name
				f := v.Field(i)
				if !f.IsZero() && (f.Kind() != reflect.Slice || f.Len() > 0) {
					set[p] = true
				}
				walk(f, p)
			}
		}
	}
	fields(v.Type(), "")
	walk(v, "")
	var out []string
	for _, p := range all {
		if !set[p] {
			out = append(out, p)
		}
	}
	return out
}

// TestEveryFieldRoundTrips writes a document with every field the loader fills as quads,
// into each store, and reads it back from the store: it comes back deep-equal. A field
// added to policy.Document and not written as quads fails here, first because the
// fixture must set it.
func TestEveryFieldRoundTrips(t *testing.T) {
	d := EveryField()
	if unset := unsetFields(reflect.ValueOf(d)); len(unset) > 0 {
		t.Fatalf("the fixture leaves fields unset: %v", unset)
	}
	got, err := DecodeDocument(DocGraphOf(DocumentIRI(d.ID), DocumentQuads(d)))
	if err != nil {
		t.Fatal(err)
	}
	sameDocument(t, d, got)
	for name, url := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url(t))
			if err := s.Put(ctx, d); err != nil {
				t.Fatal(err)
			}
			g, err := NewDocReader(s).Read(ctx, DocumentIRI(d.ID))
			if err != nil {
				t.Fatal(err)
			}
			got, err := DecodeDocument(g)
			if err != nil {
				t.Fatal(err)
			}
			sameDocument(t, d, got)
			// The model serves what the quads say: the county agency keyed by its county.
			r := model.NewReader(s)
			defer r.Close()
			m, err := r.Model(ctx)
			if err != nil {
				t.Fatal(err)
			}
			a, _ := m.Node(AgencyID("青川县", "青川县卫生健康局")).(*model.Agency)
			if a == nil || a.Level != policy.LevelCounty || a.Jurisdiction != "青川县" || !slices.Equal(a.Aliases, []string{"县卫健局", "青川县卫健局"}) {
				t.Errorf("agency 青川县卫生健康局 in the model: %+v", a)
			}
		})
	}
}
