package graph

import "golang.org/x/sys/unix"

// dropMapped drops n bytes of a shared file mapping at addr from this process's resident
// pages (madvise MADV_DONTNEED): the next access maps them in again from the page cache.
func dropMapped(addr uintptr, n int64) error {
	if _, _, errno := unix.Syscall(unix.SYS_MADVISE, addr, uintptr(n), unix.MADV_DONTNEED); errno != 0 {
		return errno
	}
	return nil
}
