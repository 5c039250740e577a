package api

import "context"

// slots bounds how many uploads are parsed at once: parsing is the CPU-heavy part of an
// upload, and POST /preview needs no token.
type slots chan struct{}

// acquire takes a slot, waiting for one until ctx ends; release gives it back.
func (s slots) acquire(ctx context.Context) (release func(), err error) {
	select {
	case s <- struct{}{}:
		return func() { <-s }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
