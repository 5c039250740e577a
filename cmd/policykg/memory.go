package main

import (
	"flag"
	"log/slog"
	"os"
	"runtime/debug"
)

// defaultMemoryLimitMiB is serve's soft heap limit: without it the collector lets the heap
// grow to twice what stays live while the read model is built, which at 10,000 documents
// takes serve past 1 GiB resident on its first start.
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
