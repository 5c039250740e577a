package graph

import (
	"fmt"
	"io"

	"github.com/cayleygraph/quad/nquads"
)

// WriteNQuads writes the dump's documents as N-Quads in the order they came, each
// document's quads sorted as Store.WriteNQuads writes them: a dump made from loaded
// documents gives the file an export of a store holding them gives, without a store.
func (d *Dump) WriteNQuads(w io.Writer) error {
	qw := nquads.NewWriter(w)
	for _, doc := range d.order {
		if err := writeSorted(qw, d.docs[doc]); err != nil {
			return fmt.Errorf("write nquads of %s: %w", doc, err)
		}
	}
	if err := qw.Close(); err != nil {
		return fmt.Errorf("write nquads: %w", err)
	}
	return nil
}
