// Command mixer writes the benchmark's mix of distinct questions (package bench/mix) as
// request bodies, one per line, for wrk and bench/mix.lua, and checks that policykg and
// Cayley's server give the same answers to a sample of them.
//
//	mixer write --n 20000 --seed 1 --out DIR     literal.txt, variables.txt, gizmo.txt
//	mixer answers --n 20000 --seed 1 --policykg URL --out DIR   answers.txt: policykg's answer to each, for the ceiling
//	mixer check --n 20000 --seed 1 --sample 100 --policykg URL [--cayley URL] [--out FILE]
//	mixer one --agency NAME --city CITY --first 20 --out DIR   query.json and query.gizmo of one question
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/policykg/policykg/bench/mix"
	"github.com/policykg/policykg/loader"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "mixer:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: mixer write|check [flags]")
	}
	fs := flag.NewFlagSet("mixer "+args[0], flag.ContinueOnError)
	n := fs.Int("n", 20000, "number of distinct questions")
	seed := fs.Uint64("seed", 1, "seed of the draw")
	out := fs.String("out", "", "write: the folder for the bodies; check: the file for the summary (JSON), stdout if empty")
	sample := fs.Int("sample", 100, "check: how many questions, spread over the mix, to ask each server")
	pk := fs.String("policykg", "", "check: policykg's /graphql URL")
	cayley := fs.String("cayley", "", "check: Cayley's Gizmo URL (…/api/v2/query?lang=gizmo); none leaves Cayley out")
	agency := fs.String("agency", "市卫生健康委", "one: the agency's canonical name")
	city := fs.String("city", "", "one: the city")
	first := fs.Int("first", 20, "one: how many titles")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if args[0] == "one" {
		if *out == "" || *city == "" {
			return errors.New("one needs --city CITY and --out DIR")
		}
		q := mix.NewQuestion(*agency, *city, "", *first)
		if err := os.WriteFile(filepath.Join(*out, "query.json"), []byte(q.LiteralBody()+"\n"), 0o644); err != nil {
			return fmt.Errorf("one: %w", err)
		}
		if err := os.WriteFile(filepath.Join(*out, "query.gizmo"), []byte(q.Gizmo()+"\n"), 0o644); err != nil {
			return fmt.Errorf("one: %w", err)
		}
		return nil
	}
	qs, err := mix.Questions(loader.DefaultNames(), *seed, *n)
	if err != nil {
		return err
	}
	switch args[0] {
	case "write":
		if *out == "" {
			return errors.New("write needs --out DIR")
		}
		return write(*out, qs)
	case "answers":
		if *out == "" || *pk == "" {
			return errors.New("answers needs --policykg URL and --out DIR")
		}
		return answers(ctx, qs, *pk, filepath.Join(*out, "answers.txt"))
	case "check":
		if *pk == "" {
			return errors.New("check needs --policykg URL")
		}
		sum, err := check(ctx, qs, *sample, *pk, *cayley)
		if err != nil {
			return err
		}
		b, err := json.MarshalIndent(sum, "", "  ")
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		if *out == "" {
			_, err = stdout.Write(append(b, '\n'))
			return err
		}
		return os.WriteFile(*out, append(b, '\n'), 0o644)
	}
	return fmt.Errorf("unknown command %q: write, answers, check or one", args[0])
}

// write writes each kind of body, one per line.
func write(dir string, qs []mix.Question) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	files := map[string]func(mix.Question) string{
		"literal.txt":   mix.Question.LiteralBody,
		"variables.txt": mix.Question.VariablesBody,
		"gizmo.txt":     mix.Question.Gizmo,
	}
	for name, body := range files {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("write: %w", err)
		}
		w := bufio.NewWriter(f)
		for _, q := range qs {
			b := body(q)
			if strings.ContainsAny(b, "\r\n") {
				f.Close()
				return fmt.Errorf("write %s: a body spans lines: %.100s", path, b)
			}
			w.WriteString(b)
			w.WriteByte('\n')
		}
		if err := w.Flush(); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	return nil
}

// summary is what check found.
type summary struct {
	Checked    int `json:"checked"`
	Mismatches int `json:"mismatches"`
	// Empty counts the sampled questions with no measure; MeanTotal is their mean count.
	Empty     int      `json:"empty"`
	MeanTotal float64  `json:"meanTotal"`
	Examples  []string `json:"examples,omitempty"`
}

// check asks sample questions spread over the mix of policykg (literal and variables) and
// of Cayley, and compares the answers.
func check(ctx context.Context, qs []mix.Question, sample int, pk, cayley string) (*summary, error) {
	client := &http.Client{Timeout: 10 * time.Minute}
	ask := func(url, contentType, body string) ([]byte, error) { return post(ctx, client, url, contentType, body) }
	sum := &summary{}
	total := 0
	step := max(len(qs)/max(sample, 1), 1)
	for i := 0; i < len(qs) && sum.Checked < sample; i += step {
		q := qs[i]
		answers := map[string]mix.Answer{}
		for kind, body := range map[string]string{"literal": q.LiteralBody(), "variables": q.VariablesBody()} {
			b, err := ask(pk, "application/json", body)
			if err != nil {
				return nil, fmt.Errorf("question %d: %w", i, err)
			}
			if answers[kind], err = mix.ReadGraphQL(b); err != nil {
				return nil, fmt.Errorf("question %d (%s): %w", i, kind, err)
			}
		}
		if cayley != "" {
			b, err := ask(cayley, "text/plain", q.Gizmo())
			if err != nil {
				return nil, fmt.Errorf("question %d: %w", i, err)
			}
			if answers["cayley"], err = mix.ReadGizmo(bytes.TrimSpace(b)); err != nil {
				return nil, fmt.Errorf("question %d: %w", i, err)
			}
		}
		want := answers["literal"]
		for kind, a := range answers {
			if !a.Equal(want) {
				sum.Mismatches++
				if len(sum.Examples) < 5 {
					sum.Examples = append(sum.Examples, fmt.Sprintf("%s: %s answered %d %q, literal GraphQL %d %q",
						q.Literal(), kind, a.TotalCount, a.Titles, want.TotalCount, want.Titles))
				}
				break
			}
		}
		sum.Checked++
		total += want.TotalCount
		if want.TotalCount == 0 {
			sum.Empty++
		}
	}
	if sum.Checked > 0 {
		sum.MeanTotal = float64(total) / float64(sum.Checked)
	}
	return sum, nil
}

// post sends a request body and returns the answer's body; an answer other than 200 is an
// error.
func post(ctx context.Context, client *http.Client, url, contentType, body string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered %s: %.300s", url, resp.Status, b)
	}
	return b, nil
}

// answers asks policykg every question with literals and writes the answers, one per
// line in the order of the questions: what the ceiling sends back.
func answers(ctx context.Context, qs []mix.Question, pk, path string) error {
	client := &http.Client{Timeout: 10 * time.Minute}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("answers: %w", err)
	}
	w := bufio.NewWriter(f)
	for i, q := range qs {
		b, err := post(ctx, client, pk, "application/json", q.LiteralBody())
		if err == nil {
			_, err = mix.ReadGraphQL(b)
		}
		if err != nil {
			f.Close()
			return fmt.Errorf("answers: question %d: %w", i, err)
		}
		b = bytes.TrimSpace(b)
		if bytes.ContainsAny(b, "\r\n") {
			f.Close()
			return fmt.Errorf("answers: question %d: the answer spans lines", i)
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("answers: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("answers: %w", err)
	}
	return nil
}
