package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/policykg/policykg/api"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
)

// handoff is a load into an embedded store that another process holds.
type handoff struct {
	url   string   // the store's URL
	paths []string // files and folders to load
	token string   // the write token, "" when none was given
	names string   // --names, which only a load into the store itself can use
	args  []string // load's arguments, to show the command again
	busy  error    // the error opening the store gave
}

// handOff hands a load's files to the policykg serve that holds the store, through its
// POST /documents, when the server left its address in the store's folder. Without a
// token, or when the server is read-only, it says exactly what to do.
func handOff(ctx context.Context, h handoff, log *slog.Logger) error {
	dir := graph.Folder(h.url)
	sf, err := api.ReadServerFile(dir)
	if err != nil {
		return fmt.Errorf("%w\n(no policykg serve names itself in %s: another policykg load may hold the store; wait for it to end)",
			h.busy, filepath.Join(dir, api.ServerFileName))
	}
	again := "policykg load " + shellJoin(withoutToken(h.args))
	client := &api.Client{URL: sf.URL, Token: h.token}
	info, err := client.Info(ctx)
	if err != nil {
		return fmt.Errorf("%s is held by policykg serve (process %d), which said it answers at %s, but it cannot be reached there: %w\n"+
			"stop that process and run the load again", dir, sf.PID, sf.URL, err)
	}
	if !info.Writable {
		return fmt.Errorf("%s is held by policykg serve at %s, which is read-only. Either stop it and run the load again, "+
			"or restart it with a write token and hand it the files:\n"+
			"  POLICYKG_WRITE_TOKEN=<a secret of yours> policykg serve --store %s …\n"+
			"  POLICYKG_WRITE_TOKEN=<the same secret> %s", dir, sf.URL, h.url, again)
	}
	if h.token == "" {
		return fmt.Errorf("%s is held by policykg serve at %s, which takes documents with its write token. Run the load again with "+
			"the token the server was started with (serve --write-token or POLICYKG_WRITE_TOKEN):\n"+
			"  POLICYKG_WRITE_TOKEN=<the token> %s\n"+
			"or give it as --token, or stop the server and run the load again", dir, sf.URL, again)
	}
	if h.names != "" {
		return fmt.Errorf("%s is held by policykg serve at %s, which reads uploads with its own name tables: --names applies only "+
			"to a load into the store itself. Leave out --names (start serve with --names %s for the server to use them), or stop the server",
			dir, sf.URL, h.names)
	}
	files, err := uploadFiles(h.paths)
	if err != nil {
		return err
	}
	res, err := client.Upload(ctx, files)
	if api.IsUnauthenticated(err) {
		return fmt.Errorf("policykg serve at %s refused the token: give the one it was started with (serve --write-token or POLICYKG_WRITE_TOKEN)", sf.URL)
	}
	if err != nil {
		return fmt.Errorf("policykg serve at %s did not load the files, and nothing was written: %w", sf.URL, err)
	}
	measures := 0
	for _, d := range res.Loaded {
		log.Info("loaded", "document", d.ID, "status", d.Status, "measures", d.Measures, "source", d.Source)
		measures += d.Measures
	}
	log.Info("loaded through the server", "server", sf.URL, "documents", len(res.Loaded), "measures", measures)
	return nil
}

// uploadFiles lists the files under paths for an upload, as policykg load reads them:
// each under its own name, and the manifest entries of their folders gathered in one
// manifest.json. Two files of one name in different folders cannot go in one upload.
func uploadFiles(paths []string) ([]api.UploadFile, error) {
	files, err := loader.Files(paths)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no file to load in %s", strings.Join(paths, ", "))
	}
	manifests := map[string]loader.Manifest{}
	var merged loader.Manifest
	var out []api.UploadFile
	from := map[string]string{}
	for _, f := range files {
		name := filepath.Base(f)
		if prev, ok := from[name]; ok {
			return nil, fmt.Errorf("%s and %s have the same name, and a server takes files by name: load them in two runs", prev, f)
		}
		from[name] = f
		dir := filepath.Dir(f)
		man, ok := manifests[dir]
		if !ok {
			if man, err = loader.ReadManifest(dir); err != nil {
				return nil, err
			}
			manifests[dir] = man
		}
		if meta := man.Lookup(name); meta.File != "" {
			merged.Documents = append(merged.Documents, meta)
		}
		out = append(out, api.UploadFile{Name: name, Path: f})
	}
	if len(merged.Documents) > 0 {
		b, err := json.Marshal(merged)
		if err != nil {
			return nil, err
		}
		out = append(out, api.UploadFile{Name: loader.ManifestName, Data: b})
	}
	return out, nil
}

// withoutToken drops --token and its value from arguments shown back to the user.
func withoutToken(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--token" || a == "-token":
			i++
		case strings.HasPrefix(a, "--token=") || strings.HasPrefix(a, "-token="):
		default:
			out = append(out, a)
		}
	}
	return out
}

// shellJoin writes arguments as a shell would need them typed again.
func shellJoin(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`*?[]{}()<>|&;#~") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}
