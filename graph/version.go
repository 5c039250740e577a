package graph

import (
	"context"
	"sync/atomic"
)

// versionCache remembers the version of a store that only this process writes (see
// exclusive), so that answering a question costs no store look-up at all: the version can
// only move through this Store's own writes, and every write forgets what was remembered.
// Stores that other processes write (PostgreSQL, MySQL, clusters) are read every time.
type versionCache struct {
	// gen counts write starts and ends: odd while a write is under way.
	gen  atomic.Uint64
	seen atomic.Pointer[seenVersion]
}

// seenVersion is a version read from the store while gen had the value gen.
type seenVersion struct {
	gen     uint64
	version string
}

// writing marks the start of a write; the function it returns marks its end.
func (c *versionCache) writing() (done func()) {
	c.gen.Add(1)
	return func() { c.gen.Add(1) }
}

// get returns the remembered version if no write started since it was read, else reads it
// with read and remembers it when no write ran meanwhile.
func (c *versionCache) get(ctx context.Context, read func(context.Context) (string, error)) (string, error) {
	g := c.gen.Load()
	// During a write the version it moves is not there until the write ends: the one read
	// just before it started is still the store's version for a reader, which spares every
	// request a look-up while an upload is written.
	if sv := c.seen.Load(); sv != nil && (sv.gen == g || g%2 == 1 && sv.gen == g-1) {
		return sv.version, nil
	}
	v, err := read(ctx)
	if err != nil {
		return "", err
	}
	// A write that began or ended while reading may have moved the version: keep nothing.
	if g%2 == 0 && c.gen.Load() == g {
		c.seen.Store(&seenVersion{gen: g, version: v})
	}
	return v, nil
}
