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
	EveryField     = everyField
	DocumentIRI    = documentIRI
	DocumentQuads  = documentQuads
	DocGraphOf     = docGraphOf
	DecodeDocument = decodeDocument
	NewDocReader   = newDocReader
	ContentHash    = contentHash
	// The helpers of the tests inside the package (helpers_test.go), for those outside.
	LoadSeeds  = loadSeeds
	OpenStore  = open
	CorpusDocs = corpusDocs
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

// SetBatchQuads makes the store's write transactions carry n quad changes.
func (s *Store) SetBatchQuads(n int) { s.batch = n }

// CayleyStore is the Cayley quad store under the store.
func (s *Store) CayleyStore() cgraph.QuadStore { return s.qs }

// SplitHosts is splitHosts.
var SplitHosts = splitHosts

// Constants of the store the tests check.
const (
	ModelFolder = modelFolder
	TrustFile   = trustFile
)

// ParseURL is parseURL.
var ParseURL = parseURL

// ListDocuments lists the documents in the store with their content hashes.
func (s *Store) ListDocuments(ctx context.Context) ([]storedDoc, error) { return s.listDocuments(ctx) }

// QuadsOf lists the quads with node in direction dir.
func (s *Store) QuadsOf(ctx context.Context, dir quad.Direction, node quad.Value) ([]quad.Quad, error) {
	return s.quadsOf(ctx, dir, node)
}

// StringValue is the string value of node's predicate p.
func (s *Store) StringValue(ctx context.Context, node quad.Value, p quad.IRI) (string, error) {
	return s.stringValue(ctx, node, p)
}

// CacheEntryFile names the model cache's file of a document at a content hash.
func (s *Store) CacheEntryFile(id, hash string) string { return s.cache.entryFile(id, hash) }
