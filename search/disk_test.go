package search

import "testing"

// TestSearchFoldersNamesOnlyParts checks the names pruning recognises.
func TestSearchFoldersNamesOnlyParts(t *testing.T) {
	name, err := PartFolder(5, "doc-a\x00hash\x00")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		want bool
	}{
		{name, true},
		{name + PartFolderSuffix, true},
		{"005-0123456789abcdef", true},
		{"notes", false},
		{"05-0123456789abcdef", false},
		{"005-0123456789ABCDEF", false},
		{"005-0123456789abcde", false},
		{"abc-0123456789abcdef", false},
	} {
		if got := IsPartFolder(tt.name); got != tt.want {
			t.Errorf("IsPartFolder(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
	other, _ := PartFolder(5, "doc-a\x00other\x00")
	if other == name || other[:3] != "005" {
		t.Errorf("parts of bucket 5 with other documents: %s and %s", name, other)
	}
}
