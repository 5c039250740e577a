// Command probe asks a GraphQL server questions at a fixed rate and reports how long each
// answer took. Each request is sent when it is due, whether the ones before were answered
// or not, so that a stalled server is not hidden by requests never sent (wrk's closed loop
// waits for each answer before its next question); its time counts from when it was sent,
// since the timers of the machine wake up to a millisecond late.
//
//	probe --url URL --bodies FILE --rate 200 --duration 30s --out base.json
//	probe --url URL --bodies FILE --rate 200 --duration 60s --baseline base.json --margin 3ms --out during.json
//
// FILE holds one request body per line, sent in turn. The summary (JSON) goes to --out and
// to stdout; with --baseline it also counts the requests slower than the baseline's p99 by
// more than --margin.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/policykg/policykg/pace"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	url := fs.String("url", "", "the server's /graphql URL")
	bodiesFile := fs.String("bodies", "", "a file of request bodies, one per line")
	rate := fs.Float64("rate", 200, "requests per second")
	duration := fs.Duration("duration", 30*time.Second, "how long to ask")
	timeout := fs.Duration("timeout", 10*time.Second, "how long one request may take before it counts as failed")
	out := fs.String("out", "", "the file for the summary (JSON)")
	baseline := fs.String("baseline", "", "a summary from an earlier run: count the requests slower than its p99 by more than --margin")
	margin := fs.Duration("margin", 3*time.Millisecond, "see --baseline")
	slowest := fs.Int("slowest", 20, "how many of the slowest requests the summary lists, with when each was sent")
	slice := fs.Duration("sched-slice", 100*time.Microsecond, "the probe's scheduler slice (Linux 6.12 or later; 0: the kernel's default), as serve's --sched-slice: a probe on the server's machine should not wait for a core longer than the server's threads do")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *slice < 0 {
		return fmt.Errorf("--sched-slice must not be negative, got %v", *slice)
	}
	if *slice > 0 {
		if _, err := pace.SetSlice(*slice); err != nil {
			return err
		}
	}
	if *url == "" || *bodiesFile == "" {
		return errors.New("--url and --bodies are required")
	}
	if !(*rate > 0) {
		return fmt.Errorf("--rate must be more than 0, got %v", *rate)
	}
	bodies, err := readBodies(*bodiesFile)
	if err != nil {
		return err
	}
	var base *Summary
	if *baseline != "" {
		if base, err = readSummary(*baseline); err != nil {
			return err
		}
	}
	lat, failed := ask(ctx, *url, bodies, *rate, *duration, *timeout)
	s := summarize(lat, failed, *slowest)
	if base != nil {
		limit := base.P99 + ms(*margin)
		s.Baseline = &Comparison{P99: base.P99, Margin: ms(*margin), Limit: limit, Over: countOver(lat, limit)}
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if *out != "" {
		if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(stdout, "%s\n", b)
	return err
}

// Summary is what a run measured; times are in milliseconds.
type Summary struct {
	Requests int         `json:"requests"`
	Failed   int         `json:"failed"`
	P50      float64     `json:"p50_ms"`
	P90      float64     `json:"p90_ms"`
	P99      float64     `json:"p99_ms"`
	P999     float64     `json:"p99_9_ms"`
	Max      float64     `json:"max_ms"`
	Baseline *Comparison `json:"baseline,omitempty"`
	// Slowest are the slowest requests, slowest first, to line up with the server's log.
	Slowest []Request `json:"slowest,omitempty"`
}

// Request is one answered request: when it was sent and how long its answer took.
type Request struct {
	Sent time.Time `json:"sent"`
	MS   float64   `json:"ms"`
}

// Comparison counts the requests of a run slower than a baseline's p99 by more than a
// margin.
type Comparison struct {
	P99    float64 `json:"p99_ms"`
	Margin float64 `json:"margin_ms"`
	Limit  float64 `json:"limit_ms"`
	Over   int     `json:"over"`
}

// ask sends a body every 1/rate seconds for duration, each without waiting for the ones
// before, and returns the latency of each answered request and how many failed.
func ask(ctx context.Context, url string, bodies [][]byte, rate float64, duration, timeout time.Duration) ([]Request, int) {
	client := &http.Client{Timeout: timeout, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	var (
		mu     sync.Mutex
		lat    []Request
		failed int
		wg     sync.WaitGroup
	)
	for i := 0; ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if due.Sub(start) >= duration || ctx.Err() != nil {
			break
		}
		if d := time.Until(due); d > 0 {
			select {
			case <-time.After(d):
			case <-ctx.Done():
			}
		}
		body := bodies[i%len(bodies)]
		wg.Go(func() {
			sent := time.Now()
			err := post(client, url, body)
			took := time.Since(sent)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed++
				return
			}
			lat = append(lat, Request{Sent: sent, MS: ms(took)})
		})
	}
	wg.Wait()
	return lat, failed
}

// post sends one request and reads its answer whole; an answer other than 200 fails.
func post(client *http.Client, url string, body []byte) error {
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}

// summarize gives the percentiles of lat (nearest rank) and its slowest requests.
func summarize(lat []Request, failed, slowest int) Summary {
	s := Summary{Requests: len(lat) + failed, Failed: failed}
	if len(lat) == 0 {
		return s
	}
	sorted := slices.Clone(lat)
	slices.SortFunc(sorted, func(a, b Request) int { return cmp.Compare(b.MS, a.MS) })
	at := func(p float64) float64 {
		rank := int(p*float64(len(sorted))+0.999999) - 1
		return sorted[len(sorted)-1-max(0, min(rank, len(sorted)-1))].MS
	}
	s.P50, s.P90, s.P99, s.P999 = at(0.5), at(0.9), at(0.99), at(0.999)
	s.Max = sorted[0].MS
	s.Slowest = sorted[:min(max(slowest, 0), len(sorted))]
	return s
}

// countOver counts the requests slower than limit milliseconds.
func countOver(lat []Request, limit float64) int {
	n := 0
	for _, r := range lat {
		if r.MS > limit {
			n++
		}
	}
	return n
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// readBodies reads the non-empty lines of path.
func readBodies(path string) ([][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			out = append(out, slices.Clone(line))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no request body", path)
	}
	return out, nil
}

// readSummary reads a summary written by an earlier run.
func readSummary(path string) (*Summary, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s Summary
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return &s, nil
}
