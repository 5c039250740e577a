package pace

import "syscall"

// lowestPriority is the highest nice value: the thread gets a core only when nothing
// else wants it, or about 1.5 % of one that normal threads want.
const lowestPriority = 19

// lowerPriority gives the calling OS thread the lowest CPU priority. Linux keeps a nice
// value per thread, so the rest of the process keeps its own. A refusal is not an error:
// the work then runs at the process's priority, paced as before.
func lowerPriority() {
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), lowestPriority)
}
