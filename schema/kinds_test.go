package schema

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

type kindUseExpected struct {
	Measures                                int
	Roles                                   []string
	Lead, Support, Responsible, Implementer int
}

const compareKindsQuery = `query($a: ID!, $b: ID!) { compareKinds(a: $a, b: $b) {
  a { id } b { id } onlyInA onlyInB
  kinds { kind
    a { measures share roles lead support responsible implementer agencies { city } }
    b { measures share roles lead support responsible implementer agencies { city } } } } }`

type gotKindUse struct {
	kindUseExpected
	Share    float64
	Agencies []struct{ City string }
}

func TestCompareKinds(t *testing.T) {
	b, err := os.ReadFile("testdata/kinds/binzhou-jining-final.json")
	if err != nil {
		t.Fatal(err)
	}
	var exp struct {
		A, B             string
		OnlyInA, OnlyInB []string
		Rows             []struct {
			Kind string
			A, B *kindUseExpected
		}
	}
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatal(err)
	}
	s, r := seedServer(t)
	var got struct {
		CompareKinds struct {
			OnlyInA, OnlyInB []string
			Kinds            []struct {
				Kind string
				A, B *gotKindUse
			}
		}
	}
	run(t, s, r, compareKindsQuery, map[string]any{"a": exp.A, "b": exp.B}, &got)
	c := got.CompareKinds
	for _, side := range []struct {
		name      string
		got, want []string
	}{{"onlyInA", c.OnlyInA, exp.OnlyInA}, {"onlyInB", c.OnlyInB, exp.OnlyInB}} {
		if !slices.Equal(slices.Sorted(slices.Values(side.got)), slices.Sorted(slices.Values(side.want))) {
			t.Errorf("%s = %v, want %v", side.name, side.got, side.want)
		}
	}
	for _, row := range exp.Rows {
		t.Run(row.Kind, func(t *testing.T) {
			i := slices.IndexFunc(c.Kinds, func(k struct {
				Kind string
				A, B *gotKindUse
			}) bool {
				return k.Kind == row.Kind
			})
			if i < 0 {
				t.Fatalf("no row for %s", row.Kind)
			}
			k := c.Kinds[i]
			for _, side := range []struct {
				name, city, doc string
				got             *gotKindUse
				want            *kindUseExpected
				total           int
			}{{"a", "滨州", exp.A, k.A, row.A, 32}, {"b", "济宁", exp.B, k.B, row.B, 28}} {
				switch {
				case side.want == nil && side.got != nil:
					t.Errorf("%s: %+v, want null", side.name, side.got)
				case side.want != nil && side.got == nil:
					t.Errorf("%s: null, want %+v", side.name, side.want)
				case side.want != nil:
					if !slices.Equal(side.got.Roles, side.want.Roles) || side.got.Measures != side.want.Measures ||
						side.got.Lead != side.want.Lead || side.got.Support != side.want.Support ||
						side.got.Responsible != side.want.Responsible || side.got.Implementer != side.want.Implementer {
						t.Errorf("%s: %+v, want %+v", side.name, side.got.kindUseExpected, *side.want)
					}
					if want := float64(side.want.Measures) / float64(side.total); side.got.Share != want {
						t.Errorf("%s: share %g, want %g", side.name, side.got.Share, want)
					}
					for _, a := range side.got.Agencies {
						if a.City != side.city {
							t.Errorf("%s: agency of %s in a %s document", side.name, a.City, side.city)
						}
					}
				}
			}
		})
	}
}
