//go:build !linux

package pace

// lowerPriority does nothing where a thread's priority cannot be set apart from its
// process's: the work is paced, without a lower priority.
func lowerPriority() {}
