// Package corpus writes synthetic policy documents for benchmarks and scale tests: plans,
// drafts and news reports of several cities, in every notation the loader reads, each with
// the ground truth the generator put into it. The same seed always gives the same corpus,
// and document k is the same whatever the corpus size.
package corpus

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/policy"
)

// TruthName is the file, inside the corpus folder, that holds the ground truth. The loader
// skips hidden files, so the folder loads as it is.
const TruthName = ".truth.json"

// Truth is what the generator wrote into a corpus.
type Truth struct {
	Seed      uint64     `json:"seed"`
	Documents []DocTruth `json:"documents"`
}

// DocTruth is one generated document.
type DocTruth struct {
	ID           string             `json:"id"`
	File         string             `json:"file"`
	Title        string             `json:"title"`
	City         string             `json:"city"`
	Issuer       string             `json:"issuer,omitempty"`
	Date         string             `json:"date,omitempty"`
	Status       policy.Status      `json:"status"`
	Notation     string             `json:"notation"`
	Measures     []MeasureTruth     `json:"measures"`
	Observations []ObservationTruth `json:"observations"`
}

// MeasureTruth is one generated measure.
type MeasureTruth struct {
	Number           string        `json:"number"`
	Title            string        `json:"title"`
	Responsibilities []RoleTruth   `json:"responsibilities"`
	Institutions     []string      `json:"institutions"`
	Targets          []TargetTruth `json:"targets"`
}

// RoleTruth is an agency's canonical name and its role in a measure.
type RoleTruth struct {
	Agency string      `json:"agency"`
	Role   policy.Role `json:"role"`
}

// TargetTruth is one generated target.
type TargetTruth struct {
	Indicator  string            `json:"indicator"`
	Value      float64           `json:"value"`
	Unit       string            `json:"unit,omitempty"`
	Comparator policy.Comparator `json:"comparator"`
	Year       int               `json:"year,omitempty"`
}

// ObservationTruth is one figure a generated news report states as achieved.
type ObservationTruth struct {
	Indicator string  `json:"indicator"`
	Value     float64 `json:"value"`
	Unit      string  `json:"unit,omitempty"`
	Rank      bool    `json:"rank,omitempty"`
}

// Generator makes documents from the loader's name tables.
type Generator struct {
	seed     uint64
	names    *loader.Names
	agencies []agencyName
}

// New returns a generator for a seed, writing the agency names of names.
func New(seed uint64, names *loader.Names) *Generator {
	return &Generator{seed: seed, names: names, agencies: agencyPool(names)}
}

// Document returns the k-th document (k from 1): its file text and its truth.
func (g *Generator) Document(k int) (string, DocTruth) {
	r := rand.New(rand.NewPCG(g.seed, uint64(k)))
	w := &writer{r: r, g: g, city: cities[r.IntN(len(cities))]}
	switch p := r.IntN(100); {
	case p < 12:
		return w.news(k)
	case p < 25:
		return w.plan(k, policy.StatusDraft)
	default:
		return w.plan(k, policy.StatusFinal)
	}
}

// manifestEntry is a line of manifest.json, in the loader's format.
type manifestEntry struct {
	ID     string        `json:"id"`
	File   string        `json:"file"`
	Title  string        `json:"title"`
	City   string        `json:"city"`
	Status policy.Status `json:"status"`
}

// Write writes documents 1..n into dir with manifest.json and the ground truth, and returns
// the truth.
func (g *Generator) Write(ctx context.Context, dir string, n int) (*Truth, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	truth := &Truth{Seed: g.seed, Documents: make([]DocTruth, 0, n)}
	man := struct {
		Documents []manifestEntry `json:"documents"`
	}{Documents: make([]manifestEntry, 0, n)}
	for k := 1; k <= n; k++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		text, dt := g.Document(k)
		if err := os.WriteFile(filepath.Join(dir, dt.File), []byte(text), 0o644); err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		truth.Documents = append(truth.Documents, dt)
		man.Documents = append(man.Documents, manifestEntry{ID: dt.ID, File: dt.File, Title: dt.Title, City: dt.City, Status: dt.Status})
	}
	if err := writeJSON(filepath.Join(dir, loader.ManifestName), man); err != nil {
		return nil, err
	}
	if err := writeJSON(filepath.Join(dir, TruthName), truth); err != nil {
		return nil, err
	}
	return truth, nil
}

// Load writes documents 1..n into dir, as Write does, and parses them with the generator's
// names, as `policykg load` would.
func (g *Generator) Load(ctx context.Context, dir string, n int) ([]*policy.Document, error) {
	if _, err := g.Write(ctx, dir, n); err != nil {
		return nil, err
	}
	return g.names.LoadPaths(ctx, []string{dir})
}

// ReadTruth reads the ground truth of a corpus folder.
func ReadTruth(dir string) (*Truth, error) {
	b, err := os.ReadFile(filepath.Join(dir, TruthName))
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	var t Truth
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("corpus: %s: %w", filepath.Join(dir, TruthName), err)
	}
	return &t, nil
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	return nil
}
