package schema

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// alignmentTruth is a list of true measure pairs a reader wrote down from two seed texts
// (testdata/alignment/*.json).
type alignmentTruth struct {
	A, B                 string
	UnpairedA, UnpairedB []int
	// MaxMatching is how many true pairs a one-to-one aligner can find at once.
	MaxMatching int
	Pairs       []struct {
		A, B           int
		ATitle, BTitle string
	}
}

const alignQuery = `query($a: ID!, $b: ID!, $min: Float) { alignMeasures(a: $a, b: $b, minScore: $min) {
  pairs { a { ordinal title text } b { ordinal title text } score shared }
  onlyInA { ordinal title } onlyInB { ordinal title } } }`

type gotMeasure struct {
	Ordinal     int
	Title, Text string
}

type gotAlignment struct {
	AlignMeasures struct {
		Pairs []struct {
			A, B   gotMeasure
			Score  float64
			Shared []string
		}
		OnlyInA, OnlyInB []gotMeasure
	}
}

// Floors under the figures measured at the default minScore (README, "Measure
// alignment"): 滨州 vs 济宁 final, 25 pairs, all true (precision 1.00), 25 of the 25 a
// one-to-one aligner can find (recall 1.00); 济宁 draft vs final, 28 of 28.
const (
	precisionFloor = 0.95
	recallFloor    = 0.95
)

func TestAlignMeasuresPrecision(t *testing.T) {
	s, r := seedServer(t)
	for _, file := range []string{"binzhou-jining-final.json", "jining-draft-final.json"} {
		t.Run(file, func(t *testing.T) {
			b, err := os.ReadFile("testdata/alignment/" + file)
			if err != nil {
				t.Fatal(err)
			}
			var truth alignmentTruth
			if err := json.Unmarshal(b, &truth); err != nil {
				t.Fatal(err)
			}
			var got gotAlignment
			run(t, s, r, alignQuery, map[string]any{"a": truth.A, "b": truth.B}, &got)
			al := got.AlignMeasures
			titlesA, titlesB := map[int]string{}, map[int]string{}
			for _, p := range al.Pairs {
				titlesA[p.A.Ordinal], titlesB[p.B.Ordinal] = p.A.Title, p.B.Title
			}
			for _, m := range al.OnlyInA {
				titlesA[m.Ordinal] = m.Title
			}
			for _, m := range al.OnlyInB {
				titlesB[m.Ordinal] = m.Title
			}
			isTrue := map[[2]int]bool{}
			for _, p := range truth.Pairs {
				// The fixture names measures by ordinal; its titles guard against a shift.
				if titlesA[p.A] != p.ATitle || titlesB[p.B] != p.BTitle {
					t.Fatalf("fixture pair %d–%d is %s–%s, the documents say %s–%s", p.A, p.B, p.ATitle, p.BTitle, titlesA[p.A], titlesB[p.B])
				}
				isTrue[[2]int{p.A, p.B}] = true
			}
			correct := 0
			for _, p := range al.Pairs {
				if p.Score < 0 || p.Score > 1 {
					t.Errorf("%s–%s: score %g outside [0,1]", p.A.Title, p.B.Title, p.Score)
				}
				if isTrue[[2]int{p.A.Ordinal, p.B.Ordinal}] {
					correct++
				} else {
					t.Logf("false pair: %d %s – %d %s (%.3f)", p.A.Ordinal, p.A.Title, p.B.Ordinal, p.B.Title, p.Score)
				}
			}
			precision := float64(correct) / float64(len(al.Pairs))
			recall := float64(correct) / float64(truth.MaxMatching)
			t.Logf("%d pairs, %d true: precision %.3f, recall %.3f", len(al.Pairs), correct, precision, recall)
			if precision < precisionFloor || recall < recallFloor {
				t.Errorf("precision %.3f, recall %.3f; want at least %.2f and %.2f", precision, recall, precisionFloor, recallFloor)
			}
			for _, side := range []struct {
				name   string
				want   []int
				unpair []gotMeasure
			}{{"onlyInA", truth.UnpairedA, al.OnlyInA}, {"onlyInB", truth.UnpairedB, al.OnlyInB}} {
				for _, o := range side.want {
					if !slices.ContainsFunc(side.unpair, func(m gotMeasure) bool { return m.Ordinal == o }) {
						t.Errorf("%s lacks measure %d, which has no counterpart", side.name, o)
					}
				}
			}
		})
	}
}

// TestAlignMeasuresNamedPairs checks the pairs the issue names, and that the shared words
// are in both texts.
func TestAlignMeasuresNamedPairs(t *testing.T) {
	s, r := seedServer(t)
	var got gotAlignment
	run(t, s, r, alignQuery, map[string]any{"a": "binzhou-measures-2024", "b": "doc:jining-plan-final"}, &got)
	tests := []struct{ a, b, sharedWith string }{
		{"健全家庭医生制度", "着力提升群众健康管理水平", "家庭医生"},
		{"推进中西医协同发展", "深入推进中西医结合发展", "中西医"},
	}
	for _, tt := range tests {
		t.Run(tt.a, func(t *testing.T) {
			for _, p := range got.AlignMeasures.Pairs {
				if p.A.Title != tt.a {
					continue
				}
				if p.B.Title != tt.b {
					t.Fatalf("paired with %s, want %s", p.B.Title, tt.b)
				}
				if len(p.Shared) == 0 || !slices.ContainsFunc(p.Shared, func(s string) bool { return strings.Contains(s, tt.sharedWith) }) {
					t.Errorf("shared %v has nothing with %s", p.Shared, tt.sharedWith)
				}
				for _, w := range p.Shared {
					if !strings.Contains(p.A.Text, w) || !strings.Contains(p.B.Text, w) {
						t.Errorf("shared %q is not in both texts", w)
					}
				}
				return
			}
			t.Fatalf("%s is not paired", tt.a)
		})
	}
}

func TestAlignMeasuresArguments(t *testing.T) {
	s, r := seedServer(t)
	tests := []struct {
		name, query string
		wantErr     bool
	}{
		{"unknown document", `{ alignMeasures(a: "nothing", b: "jining-plan-final") { pairs { score } } }`, true},
		{"score above 1", `{ alignMeasures(a: "binzhou-measures-2024", b: "jining-plan-final", minScore: 1.5) { pairs { score } } }`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Execute(context.Background(), s, r, Request{Query: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			if (len(res.Errors) > 0) != tt.wantErr {
				t.Errorf("errors %v, want error %v", res.Errors, tt.wantErr)
			}
		})
	}
	// minScore: null (through a variable: graphql-go's parser has no null literal) is the default.
	var byDefault, byNull gotAlignment
	run(t, s, r, alignQuery, map[string]any{"a": "binzhou-measures-2024", "b": "jining-plan-final"}, &byDefault)
	run(t, s, r, alignQuery, map[string]any{"a": "binzhou-measures-2024", "b": "jining-plan-final", "min": nil}, &byNull)
	if len(byNull.AlignMeasures.Pairs) != len(byDefault.AlignMeasures.Pairs) {
		t.Errorf("minScore null: %d pairs, default: %d", len(byNull.AlignMeasures.Pairs), len(byDefault.AlignMeasures.Pairs))
	}
	// A higher threshold keeps fewer pairs: 1 keeps only identical texts.
	var strict gotAlignment
	run(t, s, r, alignQuery, map[string]any{"a": "binzhou-measures-2024", "b": "jining-plan-final", "min": 0.99}, &strict)
	if n := len(strict.AlignMeasures.Pairs); n != 0 || len(strict.AlignMeasures.OnlyInA) != 32 || len(strict.AlignMeasures.OnlyInB) != 28 {
		t.Errorf("minScore 0.99: %d pairs, %d/%d unpaired; want 0 and 32/28", n, len(strict.AlignMeasures.OnlyInA), len(strict.AlignMeasures.OnlyInB))
	}
}
