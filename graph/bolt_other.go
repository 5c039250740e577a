//go:build !linux

package graph

// dropMapped does nothing where the kernel's handling of mapped files is not known.
func dropMapped(uintptr, int64) error { return nil }
