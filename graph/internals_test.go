package graph

import (
	"context"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// The store's own names that its tests in package graph_test check; those tests sit outside
// the package because they read the store back through the model and the exports, which
// import graph.
var (
	Backends       = backends
	OpenStore      = open
	LoadSeeds      = loadSeeds
	SeedByID       = seedByID
	CorpusDocs     = corpusDocs
	EveryField     = everyField
	DocumentIRI    = documentIRI
	DocumentQuads  = documentQuads
	DocGraphOf     = docGraphOf
	DecodeDocument = decodeDocument
	NewDocReader   = newDocReader
	ContentHash    = contentHash
)

// RDFType is rdf:type.
const RDFType = rdfType

// Read reads the graph of one document.
func (r *docReader) Read(ctx context.Context, doc quad.IRI) (*docGraph, error) {
	return r.read(ctx, doc)
}

// LabelQuads lists the quads labelled with a document's IRI.
func (s *Store) LabelQuads(ctx context.Context, doc quad.IRI) ([]quad.Quad, error) {
	return s.labelQuads(ctx, doc)
}

// CayleyStore is the Cayley quad store under the store.
func (s *Store) CayleyStore() cgraph.QuadStore { return s.qs }
