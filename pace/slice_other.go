//go:build !linux

package pace

import "time"

// SetSlice does nothing where the kernel keeps no scheduler slice per thread; it reports
// a slice of 0.
func SetSlice(d time.Duration) (time.Duration, error) { return 0, nil }
