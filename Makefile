# policykg — set-up is `make run` and `make test`.
GO      ?= go
BIN     := bin/policykg
STORE   ?= bolt:data/policykg.db
ADDR    ?= :8080

.PHONY: run build test lint bench bench-reload corpus clean cluster cluster-stop ui fuzz

## run: build and serve the seed corpus with GraphiQL at http://localhost:8080/
run: build
	$(BIN) serve --store $(STORE) --addr $(ADDR) --load seeds

## build: compile the command into bin/
build:
	$(GO) build -o $(BIN) ./cmd/policykg

## test: run every test (server tests need POLICYKG_TEST_POSTGRES, _MYSQL and _GALERA, set by .ci/run)
# The PDF tests come first without -race: they compile PDFium (WebAssembly) into the user
# cache in seconds, where the race detector's build of the compiler takes minutes.
test:
	$(GO) vet ./...
	$(GO) test -count=1 -run 'PDF' ./loader
	$(GO) test -race -count=1 -timeout 30m ./...

## fuzz: run each fuzz target of the loader for FUZZTIME (default 4m), one after the other
# The fuzzer shrinks every input that reaches new code before it goes on, for up to a
# minute by default: on an input grown from a 4 KB page that is the whole minute, and the
# count of executions stands still (docs/FUZZING.md). Five seconds keep it fuzzing.
FUZZTIME ?= 4m
FUZZERS  := FuzzReadBytes FuzzReadPDF FuzzLayoutPages FuzzParse FuzzNotes FuzzTargets
fuzz:
	@for f in $(FUZZERS); do \
		$(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=5s -parallel=1 ./loader || exit 1; \
	done

## cluster: start a 3-node MariaDB Galera cluster on 127.0.0.1 (data in .cluster/) and print its store URL
cluster:
	bash scripts/cluster.sh start

## cluster-stop: stop the Galera cluster (its data stays for the next `make cluster`)
cluster-stop:
	bash scripts/cluster.sh stop

## lint: formatting, static checks, and imports that keep the data flowing one way
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@bad=$$(for p in policy graph search model analysis export; do $(GO) list -deps ./$$p | grep -E 'policykg/(loader|schema|api|bench|cmd)$$'; done; \
	  $(GO) list -deps ./policy | grep -E 'policykg/' | grep -v 'policykg/policy$$'; \
	  $(GO) list -deps ./graph | grep -E 'policykg/(search|model|analysis|export)$$'; \
	  $(GO) list -deps ./search | grep -E 'policykg/(model|analysis|export)$$'; \
	  $(GO) list -deps ./model | grep -E 'policykg/(analysis|export)$$'; \
	  $(GO) list -deps ./analysis | grep -E 'policykg/export$$'); \
	if [ -n "$$bad" ]; then echo "imports against the one-way flow (policy → graph → search → model → analysis → export → schema → api):"; echo "$$bad"; exit 1; fi
	@if $(GO) list -deps ./cmd/policykg | grep -q /bench/; then echo "cmd/policykg must not import the benchmark's packages"; exit 1; fi

## bench: measure policykg next to Cayley for 10, 1,000 and 10,000 documents and write docs/PERFORMANCE.md
bench:
	bash bench/run.sh

## bench-reload: how serve answers the question while 1,000 documents are reloaded into it (bench/reload.sh)
bench-reload:
	bash bench/reload.sh

## corpus: write N synthetic documents (default 100, seed 1) into corpus/ (CORPUS=DIR to change)
N      ?= 100
SEED   ?= 1
CORPUS ?= corpus
corpus:
	$(GO) run ./bench/gencorpus --n $(N) --seed $(SEED) --out $(CORPUS)

clean:
	rm -rf bin data

## ui: rebuild the workbench (web/) into api/ui/dist, which the binary embeds (needs Node and npm)
ui:
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	npm run --prefix web check
	npm run --prefix web build
