// Command ceiling answers POST /graphql with one precomputed response, through gin: what
// policykg's own answer costs when nothing but HTTP and gin is left, the benchmark's
// ceiling.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8091", "address to listen on")
	body := flag.String("body", "", "file holding the response body to send")
	flag.Parse()
	if err := run(*addr, *body); err != nil {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	}
}

func run(addr, bodyFile string) error {
	if bodyFile == "" {
		return errors.New("--body FILE is required")
	}
	body, err := os.ReadFile(bodyFile)
	if err != nil {
		return fmt.Errorf("read the response: %w", err)
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.POST("/graphql", func(c *gin.Context) { c.Data(http.StatusOK, "application/json; charset=utf-8", body) })
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
