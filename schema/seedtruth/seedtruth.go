// Package seedtruth reads what a person wrote down from the seed documents
// (schema/testdata/seeds), so that tests of every package check the code against the
// texts and not against itself.
package seedtruth

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// JiningPlans are the 济宁 documents with measures: the final text and the draft.
var JiningPlans = []string{"jining-plan-final", "jining-plan-draft"}

// dir is the folder of the expected values, found from this file so that any package's
// tests can read it.
func dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "seeds")
}

// MeasuresWith counts the measures of docs (seed IDs) that name agency.
func MeasuresWith(tb testing.TB, agency string, docs ...string) int {
	tb.Helper()
	n := 0
	for _, f := range docs {
		b, err := os.ReadFile(filepath.Join(dir(), f+".json"))
		if err != nil {
			tb.Fatal(err)
		}
		var e struct {
			Measures []struct {
				Agencies []struct{ Name string }
			}
		}
		if err := json.Unmarshal(b, &e); err != nil {
			tb.Fatal(err)
		}
		for _, m := range e.Measures {
			for _, a := range m.Agencies {
				if a.Name == agency {
					n++
					break
				}
			}
		}
	}
	return n
}

// Measure is a measure of a seed document as a person wrote it down.
type Measure struct {
	Ordinal  int
	Number   string
	Title    string
	Agencies []struct{ Name, Role string }
}

// Measures reads the measures of seed document doc (its seed ID).
func Measures(tb testing.TB, doc string) []Measure {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(dir(), doc+".json"))
	if err != nil {
		tb.Fatal(err)
	}
	var e struct{ Measures []Measure }
	if err := json.Unmarshal(b, &e); err != nil {
		tb.Fatal(err)
	}
	return e.Measures
}
