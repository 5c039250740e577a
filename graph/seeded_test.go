package graph_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/policykg/policykg/export"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/policy"

	. "github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
)

// exportSeedReader is an exporter of a memory store holding the four seed documents, shared
// by the tests that read exports (they only read).
var exportSeedReader = sync.OnceValues(func() (export.Exporter, error) {
	ctx := context.Background()
	s, err := Open(ctx, "memory")
	if err != nil {
		return export.Exporter{}, err
	}
	docs, err := exportSeedDocs(ctx)
	if err != nil {
		return export.Exporter{}, err
	}
	if err := s.Put(ctx, docs...); err != nil {
		return export.Exporter{}, err
	}
	return export.Exporter{Store: s, Models: model.NewReader(s, model.WithIndicatorNames(loader.DefaultNames().IndicatorName))}, nil
})

func exportSeeded(t *testing.T) export.Exporter {
	t.Helper()
	r, err := exportSeedReader()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func exportBytes(t *testing.T, r export.Exporter, f export.Format, doc string) []byte {
	t.Helper()
	var buf bytes.Buffer
	req := export.Request{Format: f, Selection: export.Selection{Document: doc}}
	if err := r.Export(context.Background(), &buf, req); err != nil {
		t.Fatalf("export %+v: %v", req, err)
	}
	return buf.Bytes()
}

func exportSeedDocs(ctx context.Context) ([]*policy.Document, error) {
	return loader.DefaultNames().LoadPaths(ctx, []string{"../seeds"})
}

// exporterOf is an exporter of the store r reads.
func exporterOf(r *model.Reader) export.Exporter { return export.Exporter{Store: r.Store(), Models: r} }
