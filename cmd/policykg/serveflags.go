package main

import (
	"errors"
	"flag"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/api"
	"github.com/policykg/policykg/schema"
)

// defaultPageSize is what a connection returns when neither first nor last is given.
const defaultPageSize = 20

// serverFlags are serve's flags for the public endpoint: its limits (defaults from
// api.DefaultLimits), introspection and CORS.
type serverFlags struct {
	introspection *bool
	maxDepth      *int
	maxComplexity *int
	maxPageSize   *int
	maxBodyBytes  *int64
	maxResponse   *int64
	timeout       *time.Duration
	corsOrigins   *string
	writeToken    *string
	maxUpload     *int64
}

func addServerFlags(fs *flag.FlagSet) *serverFlags {
	d := api.DefaultLimits()
	return &serverFlags{
		introspection: fs.Bool("introspection", true, "answer introspection (__schema, __type) and serve /schema.graphql"),
		maxDepth:      fs.Int("max-depth", d.MaxDepth, "deepest nesting of fields a query may have (0: no limit)"),
		maxComplexity: fs.Int("max-complexity", d.MaxComplexity, "largest estimated cost of a query: fields times the items their lists may hold (0: no limit)"),
		maxPageSize:   fs.Int("max-page-size", 100, "largest first or last a connection accepts (0: no limit)"),
		maxBodyBytes:  fs.Int64("max-body-bytes", d.MaxBodyBytes, "largest request body, and URL query of a GET, in bytes (0: no limit)"),
		maxResponse:   fs.Int64("max-response-bytes", d.MaxResponseBytes, "largest answer in bytes of JSON; a larger one is refused with RESPONSE_TOO_LARGE (0: no limit)"),
		timeout:       fs.Duration("timeout", d.Timeout, "time a query may run before it is stopped (0: no limit)"),
		corsOrigins:   fs.String("cors-origins", "*", "comma-separated origins web pages may call the API from; * for any, empty for none"),
		writeToken: fs.String("write-token", "", "bearer token that POST /documents and DELETE /documents/{id} need (default: $"+writeTokenEnv+
			"; the environment keeps it out of the process list); without one the server is read-only"),
		maxUpload: fs.Int64("max-upload-bytes", api.DefaultMaxUploadBytes, "largest body of POST /documents and POST /preview, in bytes (0: no limit)"),
	}
}

// check refuses negative limits.
func (f *serverFlags) check() error {
	if *f.maxDepth < 0 || *f.maxComplexity < 0 || *f.maxPageSize < 0 || *f.maxBodyBytes < 0 || *f.maxResponse < 0 || *f.timeout < 0 || *f.maxUpload < 0 {
		return errors.New("--max-depth, --max-complexity, --max-page-size, --max-body-bytes, --max-response-bytes, --timeout and --max-upload-bytes must not be negative (0 means no limit)")
	}
	return nil
}

// pageSize is the default page size, never above the largest one allowed.
func (f *serverFlags) pageSize() int {
	if *f.maxPageSize > 0 {
		return min(defaultPageSize, *f.maxPageSize)
	}
	return defaultPageSize
}

func (f *serverFlags) schemaOptions() schema.Options {
	return schema.Options{MaxPageSize: *f.maxPageSize, DefaultPageSize: f.pageSize()}
}

func (f *serverFlags) apiConfig(sch graphql.Schema, src schema.Modeler, log *slog.Logger) api.Config {
	cors := api.DefaultCORS()
	cors.Origins = nil
	for _, o := range strings.Split(*f.corsOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			cors.Origins = append(cors.Origins, o)
		}
	}
	return api.Config{
		Schema: sch, Source: src, Logger: log,
		Limits: api.Limits{
			MaxDepth: *f.maxDepth, MaxComplexity: *f.maxComplexity, MaxBodyBytes: *f.maxBodyBytes,
			MaxResponseBytes: *f.maxResponse, Timeout: *f.timeout, DefaultPageSize: f.pageSize(),
		},
		NoIntrospection: !*f.introspection,
		CORS:            cors,
		WriteToken:      f.token(),
		MaxUploadBytes:  *f.maxUpload,
	}
}

// writeTokenEnv is the environment variable that gives serve its write token, and load
// the token to hand files to a running serve with.
const writeTokenEnv = "POLICYKG_WRITE_TOKEN"

// token is the write token: --write-token, else the environment's.
func (f *serverFlags) token() string {
	if *f.writeToken != "" {
		return *f.writeToken
	}
	return strings.TrimSpace(os.Getenv(writeTokenEnv))
}
