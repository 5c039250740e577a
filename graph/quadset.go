package graph

import (
	"sync"

	"github.com/cayleygraph/quad"
)

// quadSets keeps the sets of quads that dedupe and changes make for each document written,
// for the next document: they are the largest allocations of a write (a reload of 1,000
// documents made 0.46 GB of them), and their garbage is what sets off the collections
// that slow requests during an upload.
var quadSets = sync.Pool{New: func() any { return map[quad.Quad]bool{} }}

// takeQuadSet returns an empty set of quads; give it back with returnQuadSet.
func takeQuadSet() map[quad.Quad]bool {
	return quadSets.Get().(map[quad.Quad]bool)
}

// returnQuadSet empties set, which keeps its room, for the next takeQuadSet.
func returnQuadSet(set map[quad.Quad]bool) {
	clear(set)
	quadSets.Put(set)
}
