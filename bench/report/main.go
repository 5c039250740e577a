// Command report turns the figures bench/run.sh measured into docs/PERFORMANCE.md: the
// tables, the goals as ratios of figures of the same run with met or missed and by how
// much, the Go benchmarks and the notes on how the figures were reached.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
)

func main() {
	resultsFile := flag.String("results", "", "results.tsv written by bench/run.sh")
	gobench := flag.String("gobench", "", "output of the Go benchmarks (optional)")
	notes := flag.String("notes", "", "markdown appended as the notes (optional)")
	out := flag.String("out", "docs/PERFORMANCE.md", "file to write")
	flag.Parse()
	if err := run(*resultsFile, *gobench, *notes, *out); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// results are the figures of one run: by size ("all" for the run as a whole) and key.
type results map[string]map[string]string

func readResults(path string) (results, []int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := results{}
	var sizes []int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "\t", 3)
		if len(parts) != 3 {
			continue
		}
		if r[parts[0]] == nil {
			r[parts[0]] = map[string]string{}
			if n, err := strconv.Atoi(parts[0]); err == nil {
				sizes = append(sizes, n)
			}
		}
		r[parts[0]][parts[1]] = parts[2]
	}
	sort.Ints(sizes)
	return r, sizes, sc.Err()
}

func (r results) str(n int, key string) string { return r[strconv.Itoa(n)][key] }

// num reads a figure; ok is false when it was not measured.
func (r results) num(n int, key string) (float64, bool) {
	v, err := strconv.ParseFloat(r.str(n, key), 64)
	return v, err == nil
}

// ms reads a wrk latency (850.00us, 1.27ms, 2.10s, 1.50m) in milliseconds.
func (r results) ms(n int, key string) (float64, bool) {
	s := r.str(n, key)
	units := []struct {
		suffix string
		factor float64
	}{{"us", 0.001}, {"ms", 1}, {"s", 1000}, {"m", 60000}}
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			v, err := strconv.ParseFloat(strings.TrimSuffix(s, u.suffix), 64)
			return v * u.factor, err == nil
		}
	}
	return 0, false
}

func fmtNum(v float64, ok bool, format string) string {
	if !ok {
		return "—"
	}
	return fmt.Sprintf(format, v)
}

// rate shows requests per second: with two decimals below 10, in thousands above.
func rate(v float64, ok bool) string {
	if ok && v < 10 {
		return fmt.Sprintf("%.2f", v)
	}
	return thousands(v, ok)
}

func thousands(v float64, ok bool) string {
	if !ok {
		return "—"
	}
	s := strconv.FormatInt(int64(v+0.5), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func run(resultsFile, gobench, notes, out string) error {
	if resultsFile == "" {
		return errors.New("--results is required")
	}
	r, sizes, err := readResults(resultsFile)
	if err != nil {
		return err
	}
	if len(sizes) == 0 {
		return errors.New("no sizes measured")
	}
	all := r["all"]
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }

	w("# Performance\n\n")
	w("Written by `make bench` (bench/run.sh) on %s. Every figure below comes from that one run, on this\n", all["started"])
	w("machine: %s CPUs (%s), %.1f GiB of memory, %s; load average %s before the run and %s after it\n",
		all["cpus"], all["cpu_model"], kb(all["memory_kb"])/(1<<20), all["go"], all["load_before"], all["load_after"])
	w("(other work on the machine slows every figure alike, and the goals are ratios for that reason).\n\n")
	w("Corpus: `go run ./bench/gencorpus --seed %s` (plans, drafts and news reports of 12 cities, every\n", all["seed"])
	w("responsibility notation). Two workloads, each asked with wrk for %s at %s connections over loopback, after a\n", all["duration"], all["connections"])
	w("2 s warm-up:\n\n")
	w("- **the mix** (uncached): %s distinct questions \"measures involving AGENCY in CITY [with ROLE]: totalCount and\n", thousands(kb(all["mix"]), true))
	w("  the first 5, 10 or 20 titles\" (bench/mix), asked in turn, as a researcher types them (literal arguments)\n")
	w("  and as a frontend sends them (one query text with variables);\n")
	w("- **the repeated question** (cached): measures involving 市卫生健康委 in %s, totalCount and the first 20\n", all["city"])
	w("  titles, the same request again and again, which policykg answers from its result cache after the first time.\n\n")
	w("Each is asked of:\n\n")
	w("- **policykg**: `policykg serve` over the bolt store `policykg load` wrote, POST /graphql;\n")
	w("- **Cayley**: `cayley http` (Cayley's own server, built from bench/cayley) over the bolt store `cayley load`\n")
	w("  wrote from the same quads, each question in Gizmo as a Cayley user asks it: from the agency's node along\n")
	w("  its edges (`g.V(<agency>).In(<pkg:involves>)`, with a role through the responsibility nodes), the IDs\n")
	w("  sorted into policykg's order and the titles of the page looked up (bench/mix, `Question.Gizmo`);\n")
	w("- **ceiling**: bench/ceiling, a gin handler sending policykg's answer bytes, computed beforehand (for the mix,\n")
	w("  looked up by the request's body).\n\n")

	w("## Ingest\n\n")
	w("`policykg load` reads and parses the text files and writes the bolt store; `cayley load` reads the N-Quads of\n")
	w("the same graph (what bench/quads writes for the corpus: the quads `policykg load` writes) into Cayley's bolt\n")
	w("store. Peak memory is the maximum resident set size (`/usr/bin/time`).\n\n")
	w("| documents | measures | quads | policykg load | quads/s | store | peak memory | cayley load | quads/s | store | peak memory |\n")
	w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, n := range sizes {
		q, qok := r.num(n, "quads")
		ps, pok := r.num(n, "policykg_load.seconds")
		cs, cok := r.num(n, "cayley_load.seconds")
		w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			thousands(float64(n), true), thousands(r.num(n, "measures")), thousands(q, qok),
			fmtNum(ps, pok, "%.1f s"), thousands(q/ps, qok && pok && ps > 0), mib(r, n, "policykg_load.bytes", 1), mib(r, n, "policykg_load.peak_kb", 1024),
			fmtNum(cs, cok, "%.1f s"), thousands(q/cs, qok && cok && cs > 0), mib(r, n, "cayley_load.bytes", 1), mib(r, n, "cayley_load.peak_kb", 1024))
	}

	w("\n## The mix of distinct questions over HTTP (uncached)\n\n")
	w("policykg's result cache keeps 1,000 answers and each question comes back only after every other question of\n")
	w("its wrk thread: ")
	for i, n := range sizes {
		if i > 0 {
			w(", ")
		}
		h, hok := r.num(n, "mix.cache_hits")
		m, mok := r.num(n, "mix.cache_misses")
		w("%s documents: %s of %s requests of the mixes answered from the cache", thousands(float64(n), true), thousands(h, hok), thousands(h+m, hok && mok))
	}
	w(" (from /metrics, warm-ups included). Answers compared with Cayley's on a sample of the mix:")
	for _, n := range sizes {
		w(" %s documents: %s questions, %s different (%s with no measure, %s measures on average);", thousands(float64(n), true),
			orDash(r.str(n, "mix.checked")), orDash(r.str(n, "mix.mismatches")), orDash(r.str(n, "mix.empty")), orDash(r.str(n, "mix.meanTotal")))
	}
	w(" the load average is the machine's (1 minute, 5, 15) at the end of the round shown.\n\n")
	w("| documents | workload | policykg req/s | p50 | p99 | Cayley req/s | p50 | p99 | ceiling req/s | p50 | p99 | failed (policykg / Cayley / ceiling) | load average (policykg / Cayley) |\n")
	w("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, n := range sizes {
		for _, kind := range []string{"literal", "variables"} {
			w("| %s | %s |", thousands(float64(n), true), kind)
			for _, k := range []string{"policykg_" + kind, "cayley_mix", "ceiling_" + kind} {
				w(" %s | %s | %s |", rate(r.num(n, k+".rps")), latency(r, n, k+".p50"), latency(r, n, k+".p99"))
			}
			w(" %s / %s / %s | %s / %s |\n", orDash(r.str(n, "policykg_"+kind+".errors")), orDash(r.str(n, "cayley_mix.errors")), orDash(r.str(n, "ceiling_"+kind+".errors")),
				orDash(r.str(n, "policykg_"+kind+".load")), orDash(r.str(n, "cayley_mix.load")))
		}
	}
	w("\nCayley has one way of asking: the same Gizmo run is shown next to both mixes.\n")

	w("\n## The repeated question over HTTP (cached)\n\n")
	w("| documents | totalCount | policykg req/s | p50 | p99 | Cayley req/s | p50 | p99 | ceiling req/s | p50 | p99 | failed requests (policykg / Cayley / ceiling) |\n")
	w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, n := range sizes {
		w("| %s | %s (Cayley: %s) |", thousands(float64(n), true), r.str(n, "total_count"), orDash(r.str(n, "cayley_total_count")))
		for _, k := range []string{"policykg", "cayley", "ceiling"} {
			if done, ok := r.num(n, k+".requests"); ok && done == 0 {
				w(" none finished | — | — |")
				continue
			}
			w(" %s | %s | %s |", rate(r.num(n, k+".rps")), latency(r, n, k+".p50"), latency(r, n, k+".p99"))
		}
		w(" %s / %s / %s |\n", orDash(r.str(n, "policykg.errors")), orDash(r.str(n, "cayley.errors")), orDash(r.str(n, "ceiling.errors")))
	}

	w("\nCayley was given the run's duration or longer, so that each connection could get about three answers at\n")
	w("the pace of one answer alone (between the duration and 300 s):")
	for _, n := range sizes {
		one, ok := r.num(n, "cayley.one_seconds")
		w(" %s documents: one answer alone %s, run %s;", thousands(float64(n), true), fmtNum(one, ok, "%.3g s"), orDash(r.str(n, "cayley.duration")))
	}
	w(" policykg and the ceiling were measured in alternation, %s rounds each, and the best round is shown.\n", orDash(r.str(sizes[0], "policykg.rounds")))

	w("\n## Memory of `policykg serve`\n\n")
	w("Resident memory after the run, split into anonymous memory (the heap) and file-backed pages (the full-text\n")
	w("index, whose files bleve maps in, and pages of the bolt file read since serve last released them; the kernel\n")
	w("takes such pages back under memory pressure), and the peak since serve started, which the goal is held to.\n")
	w("\"Ready after\" includes indexing every document for search: the store was just written by `policykg load`.\n")
	w("`cayley http` over the same quads is shown for comparison (Cayley's kv backend reads every stored primitive when\n")
	w("it opens a store, to fill its Bloom filter).\n\n")
	w("| documents | ready after | resident | anonymous | file-backed | peak | `cayley http` resident | anonymous | file-backed |\n")
	w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, n := range sizes {
		w("| %s | %s s | %s | %s | %s | %s | %s | %s | %s |\n", thousands(float64(n), true), orDash(r.str(n, "serve.ready_seconds")),
			mib(r, n, "serve.rss_kb", 1024), mib(r, n, "serve.anon_kb", 1024), mib(r, n, "serve.file_kb", 1024), mib(r, n, "serve.hwm_kb", 1024),
			mib(r, n, "cayley_http.rss_kb", 1024), mib(r, n, "cayley_http.anon_kb", 1024), mib(r, n, "cayley_http.file_kb", 1024))
	}

	w("\n## Goals\n\n")
	w("Ratios of figures of this run. A goal that is missed says by how much.\n\n")
	w("| goal | measured | status |\n|---|---|---|\n")
	for _, kind := range []string{"literal", "variables"} {
		for _, n := range sizes {
			p, pok := r.num(n, "policykg_"+kind+".rps")
			c, cok := r.num(n, "cayley_mix.rps")
			e, _ := r.num(n, "policykg_"+kind+".errors")
			status := ""
			if e > 0 {
				status = fmt.Sprintf(", %.0f failed", e)
			}
			goal(w, fmt.Sprintf("mix (%s, uncached): policykg ≥ 3× Cayley's server, %s documents, no failed request", kind, thousands(float64(n), true)),
				p, c, pok && cok && e == 0, 3, true, "%.2f× (%s vs %s req/s%s)", thousands(p, pok), thousands(c, cok), status)
		}
	}
	small, large := sizes[0], sizes[len(sizes)-1]
	for _, kind := range []string{"literal", "variables"} {
		k := "policykg_" + kind + ".p50"
		ps, sok := r.ms(small, k)
		pl, lok := r.ms(large, k)
		goal(w, fmt.Sprintf("mix (%s): p50 at %s documents ≤ 1.2× p50 at %s", kind, thousands(float64(large), true), thousands(float64(small), true)),
			pl, ps, sok && lok, 1.2, false, "%.2f× (%s vs %s)", latency(r, large, k), latency(r, small, k))
	}
	for _, n := range sizes {
		p, pok := r.num(n, "policykg.rps")
		c, cok := r.num(n, "cayley.rps")
		name := fmt.Sprintf("repeated question (cached): policykg ≥ 3× Cayley's server, %s documents", thousands(float64(n), true))
		if done, _ := r.num(n, "cayley.requests"); cok && c == 0 && done == 0 {
			// Cayley finished no request in the run: it answers fewer than one per run.
			d, _ := strconv.ParseFloat(strings.TrimSuffix(r.str(n, "cayley.duration"), "s"), 64)
			if d > 0 && pok {
				w("| %s | more than %s× (%s req/s; Cayley finished none of the %s requests in %s) | met |\n",
					name, thousands(p*d, true), thousands(p, true), all["connections"], r.str(n, "cayley.duration"))
				continue
			}
		}
		goal(w, name, p, c, pok && cok, 3, true, "%.0f× (%s vs %s req/s)", rate(p, pok), rate(c, cok))
	}
	for _, n := range sizes {
		p, pok := r.num(n, "policykg.rps")
		c, cok := r.num(n, "ceiling.rps")
		goal(w, fmt.Sprintf("repeated question (cached): policykg ≥ 50 %% of the ceiling, %s documents", thousands(float64(n), true)),
			p, c, pok && cok, 0.5, true, "%.2f× (%s vs %s req/s)", thousands(p, pok), thousands(c, cok))
	}
	ps, sok := r.ms(small, "policykg.p50")
	pl, lok := r.ms(large, "policykg.p50")
	goal(w, fmt.Sprintf("repeated question (cached): p50 at %s documents ≤ 2× p50 at %s", thousands(float64(large), true), thousands(float64(small), true)),
		pl, ps, sok && lok, 2, false, "%.2f× (%s vs %s)", latency(r, large, "policykg.p50"), latency(r, small, "policykg.p50"))
	for _, n := range sizes {
		p, pok := r.num(n, "policykg_load.seconds")
		c, cok := r.num(n, "cayley_load.seconds")
		goal(w, fmt.Sprintf("ingest within 1.5× of `cayley load`, %s documents", thousands(float64(n), true)),
			p, c, pok && cok, 1.5, false, "%.2f× (%.1f s vs %.1f s)", p, c)
	}
	rss, rok := r.num(large, "serve.hwm_kb")
	goal(w, fmt.Sprintf("`serve` under 1 GiB resident at %s documents", thousands(float64(large), true)),
		rss, 1<<20, rok, 1, false, "%.2f GiB peak")

	if gobench != "" {
		if g, err := os.ReadFile(gobench); err == nil && len(g) > 0 {
			w("\n## Go benchmarks\n\nRun by `make bench` after the HTTP measurements (the first line is when):\n\n```\n%s```\n", g)
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if notes != "" {
		n, err := os.ReadFile(notes)
		if err != nil {
			return err
		}
		w("\n%s", n)
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// goal writes one goal row: value/base compared with want (at least when atLeast, at most
// otherwise). The measured column is format filled with the ratio and then args.
func goal(w func(string, ...any), name string, value, base float64, ok bool, want float64, atLeast bool, format string, args ...any) {
	if !ok || base == 0 {
		w("| %s | not measured | — |\n", name)
		return
	}
	ratio := value / base
	measured := fmt.Sprintf(format, append([]any{ratio}, args...)...)
	status := "met"
	switch {
	case atLeast && ratio < want:
		status = fmt.Sprintf("**missed** by %.0f %%", (want-ratio)/want*100)
	case !atLeast && ratio >= 2*want:
		status = fmt.Sprintf("**missed**: %.1f× the limit", ratio/want)
	case !atLeast && ratio > want:
		status = fmt.Sprintf("**missed** by %.0f %%", (ratio-want)/want*100)
	}
	w("| %s | %s | %s |\n", name, measured, status)
}

func kb(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

// mib shows a figure of unit bytes in MiB.
func mib(r results, n int, key string, unit float64) string {
	v, ok := r.num(n, key)
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%.0f MiB", v*unit/(1<<20))
}

func latency(r results, n int, key string) string {
	v, ok := r.ms(n, key)
	if !ok {
		return "—"
	}
	if v >= 1000 {
		return fmt.Sprintf("%.2f s", v/1000)
	}
	return fmt.Sprintf("%.2f ms", v)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
