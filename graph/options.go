package graph

import "github.com/policykg/policykg/pace"

// Paced has the store's writes yield the CPU to requests: between the documents an upload
// compares with the stored ones, before each write transaction and between the documents
// it puts in the model cache, the write pauses as p asks. A write transaction itself
// cannot be paused (Cayley runs it whole).
func Paced(p *pace.Pacer) OpenOption {
	return func(o *openOptions) { o.pacer = p }
}
