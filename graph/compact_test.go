package graph

import (
	"reflect"
	"testing"
	"unsafe"
)

// inside reports whether s lies within outer's memory.
func inside(s, outer string) bool {
	if len(s) == 0 || len(outer) == 0 {
		return false
	}
	p, o := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(outer)))
	return p >= o && p+uintptr(len(s)) <= o+uintptr(len(outer))
}

// TestCompactKeepsContent checks that compacting a decoded seed document changes none of
// its content, and that it does share: every measure's text is cut from the document's
// text, every target's sentence from its measure's, and an agency's name is one string
// wherever it is named.
func TestCompactKeepsContent(t *testing.T) {
	c := newCompacter()
	names := map[string]string{}
	for _, d := range loadSeeds(t) {
		plain, err := decodeDocument(docGraphOf(documentIRI(d.ID), documentQuads(d)))
		if err != nil {
			t.Fatal(err)
		}
		compact, err := decodeDocument(docGraphOf(documentIRI(d.ID), documentQuads(d)))
		if err != nil {
			t.Fatal(err)
		}
		c.document(compact)
		if !reflect.DeepEqual(plain, compact) {
			t.Errorf("%s: compacting changed the document", d.ID)
		}
		for _, m := range compact.Measures {
			if !inside(m.Text, compact.Text) {
				t.Errorf("%s measure %d: its text is not shared with the document's", d.ID, m.Ordinal)
			}
			for k, tg := range m.Targets {
				if !inside(tg.Text, m.Text) {
					t.Errorf("%s measure %d target %d: its sentence is not shared with the measure's text", d.ID, m.Ordinal, k+1)
				}
			}
			for _, r := range m.Responsibilities {
				key := r.Agency.City + " " + r.Agency.Name
				if first, ok := names[key]; !ok {
					names[key] = r.Agency.Name
				} else if unsafe.StringData(first) != unsafe.StringData(r.Agency.Name) {
					t.Errorf("%s measure %d: %s is another copy", d.ID, m.Ordinal, key)
				}
			}
		}
	}
	if len(names) < 20 {
		t.Errorf("only %d agencies named in the seeds: %v", len(names), names)
	}
}
