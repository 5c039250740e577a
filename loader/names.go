package loader

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ExtendFrom adds the name tables found in dir (agencies.tsv, institutions.tsv,
// departments.txt, indicators.tsv, in the format of loader/names) to the built-in ones, so a researcher can
// teach the loader new names without rebuilding. Entries in dir come first and so win.
func (n *Names) ExtendFrom(dir string) error {
	read := func(name string) (string, bool, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			return "", false, nil
		}
		if err != nil {
			return "", false, fmt.Errorf("read names: %w", err)
		}
		return string(b), true, nil
	}
	found := false
	if s, ok, err := read("agencies.tsv"); err != nil {
		return err
	} else if ok {
		n.agencies, found = append(parseAgencies(s), n.agencies...), true
	}
	if s, ok, err := read("institutions.tsv"); err != nil {
		return err
	} else if ok {
		n.institutions, found = append(parseInstitutions(s), n.institutions...), true
	}
	if s, ok, err := read("departments.txt"); err != nil {
		return err
	} else if ok {
		n.departments, found = append(parseLines(s), n.departments...), true
	}
	if s, ok, err := read("indicators.tsv"); err != nil {
		return err
	} else if ok {
		n.indicators, found = ParseIndicatorTable(s).before(n.indicators), true
	}
	if !found {
		return fmt.Errorf("names %s: no agencies.tsv, institutions.tsv, departments.txt or indicators.tsv there", dir)
	}
	return nil
}
