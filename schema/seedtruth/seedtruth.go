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

// Value is a target or observation as a reader wrote it down: the measure it belongs to
// (0 for an observation), the words of its indicator, its value as printed and its year.
type Value struct {
	Measure   int    `json:"measure"`
	Key       string `json:"key"`
	ValueText string `json:"valueText"`
	Year      int    `json:"year"`
}

// Values returns the targets and the observations written down for a seed document (its ID).
func Values(tb testing.TB, doc string) (targets, observations []Value) {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(dir(), doc+".json"))
	if err != nil {
		tb.Fatal(err)
	}
	var e struct{ Targets, Observations []Value }
	if err := json.Unmarshal(b, &e); err != nil {
		tb.Fatal(err)
	}
	return e.Targets, e.Observations
}

// TargetsDue counts the targets of docs due in year.
func TargetsDue(tb testing.TB, year int, docs ...string) int {
	tb.Helper()
	n := 0
	for _, d := range docs {
		targets, _ := Values(tb, d)
		for _, t := range targets {
			if t.Year == year {
				n++
			}
		}
	}
	return n
}

// Seeds are the IDs of the seed documents.
var Seeds = []string{"jining-plan-final", "jining-plan-draft", "binzhou-measures-2024", "jining-health-news"}
