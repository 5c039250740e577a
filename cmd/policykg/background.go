package main

import "flag"

// defaultBackgroundShare is the share of one core that an upload's work (reading the files,
// writing them, the model build after) takes while serve answers requests. Measured on two
// cores with 1,000 documents reloaded again and again under a saturating query mix
// (docs/PERFORMANCE.md).
const defaultBackgroundShare = 0.5

// backgroundShareFlag adds --background-share to serve.
func backgroundShareFlag(fs *flag.FlagSet) *float64 {
	return fs.Float64("background-share", defaultBackgroundShare,
		"share of one core that uploads and the model builds after them take while the server answers requests: more than 0, at most 1 (1: no pausing); lower keeps requests faster and makes uploads slower")
}
