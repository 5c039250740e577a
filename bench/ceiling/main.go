// Command ceiling answers POST /graphql with precomputed responses, through gin: what
// policykg's own answer costs when nothing but HTTP and gin is left, the benchmark's
// ceiling. With --body it sends one response to every request (the repeated question);
// with --mix it reads each request's body and sends the answer of its question (the mix,
// as bench/mixer writes it: literal.txt, variables.txt and answers.txt, line by line).
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8091", "address to listen on")
	body := flag.String("body", "", "file holding the response body to send")
	mixDir := flag.String("mix", "", "folder of the mix's bodies and answers (instead of --body)")
	flag.Parse()
	if err := run(*addr, *body, *mixDir); err != nil {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	}
}

func run(addr, bodyFile, mixDir string) error {
	var answer gin.HandlerFunc
	switch {
	case mixDir != "":
		byBody, err := readMix(mixDir)
		if err != nil {
			return err
		}
		answer = func(c *gin.Context) {
			b, err := io.ReadAll(c.Request.Body)
			if err != nil {
				c.Status(http.StatusBadRequest)
				return
			}
			a, ok := byBody[string(b)]
			if !ok {
				c.Status(http.StatusNotFound)
				return
			}
			c.Data(http.StatusOK, "application/json; charset=utf-8", a)
		}
	case bodyFile != "":
		body, err := os.ReadFile(bodyFile)
		if err != nil {
			return fmt.Errorf("read the response: %w", err)
		}
		answer = func(c *gin.Context) { c.Data(http.StatusOK, "application/json; charset=utf-8", body) }
	default:
		return errors.New("--body FILE or --mix DIR is required")
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.POST("/graphql", answer)
	r.GET("/healthz", func(c *gin.Context) { c.Status(http.StatusOK) })
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// readMix maps each request body of the mix, literal and with variables, to its answer.
func readMix(dir string) (map[string][]byte, error) {
	lines := func(name string) ([][]byte, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("read the mix: %w", err)
		}
		return bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")), nil
	}
	answers, err := lines("answers.txt")
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, name := range []string{"literal.txt", "variables.txt"} {
		bodies, err := lines(name)
		if err != nil {
			return nil, err
		}
		if len(bodies) != len(answers) {
			return nil, fmt.Errorf("read the mix: %d bodies in %s, %d answers", len(bodies), name, len(answers))
		}
		for i, b := range bodies {
			out[string(b)] = append(answers[i], '\n')
		}
	}
	return out, nil
}
