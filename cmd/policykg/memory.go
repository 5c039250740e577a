package main

import (
	"flag"
	"log/slog"
	"os"
	"runtime/debug"
)

// defaultMemoryLimitMiB keeps serve's heap, and with the search index's mapped files its
// resident memory, under 1 GiB at 10,000 documents: building the read model from the
// quads (the first start or a rebuild) otherwise lets the heap grow to twice what stays live.
const defaultMemoryLimitMiB = 768

// memoryLimitFlag adds --memory-limit-mib to serve.
func memoryLimitFlag(fs *flag.FlagSet) *int64 {
	return fs.Int64("memory-limit-mib", defaultMemoryLimitMiB,
		"heap size in MiB the garbage collector works to stay under: a soft limit, the server still answers above it (0: none; GOMEMLIMIT, when set, wins)")
}

// applyMemoryLimit sets the process's soft memory limit; only the command does this, as
// it is a setting of the whole process.
func applyMemoryLimit(mib int64, log *slog.Logger) {
	if v, set := os.LookupEnv("GOMEMLIMIT"); set {
		log.Info("memory limit from GOMEMLIMIT", "GOMEMLIMIT", v)
		return
	}
	if mib <= 0 {
		return
	}
	debug.SetMemoryLimit(mib << 20)
	log.Info("memory limit", "mib", mib)
}
