package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policykg/policykg/schema/seedtruth"
)

func runCLI(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), err
}

// TestQuerySeeds runs the README's command: which tasks involve 市医保局 in 济宁.
func TestQuerySeeds(t *testing.T) {
	want := seedtruth.MeasuresWith(t, "市医保局", seedtruth.JiningPlans...)
	if want != 18 {
		t.Fatalf("the expected values changed: %d measures name 市医保局", want)
	}
	out, stderr, err := runCLI(t, "query", "--store", "memory", "--load", "../../seeds",
		`{ measures(agency: "市医保局", city: "济宁") { totalCount } }`)
	if err != nil {
		t.Fatalf("query: %v\n%s", err, stderr)
	}
	var res struct {
		Data struct {
			Measures struct{ TotalCount int }
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if res.Data.Measures.TotalCount != want {
		t.Errorf("totalCount %d, want %d", res.Data.Measures.TotalCount, want)
	}
}

// TestLoadIntoBoltThenQuery loads with one command and queries the same store with another.
func TestLoadIntoBoltThenQuery(t *testing.T) {
	store := "bolt:" + filepath.Join(t.TempDir(), "kg.db")
	if _, stderr, err := runCLI(t, "load", "--store", store, "../../seeds"); err != nil {
		t.Fatalf("load: %v\n%s", err, stderr)
	}
	out, stderr, err := runCLI(t, "query", "--store", store, `{ documents(status: DRAFT) { title city } }`)
	if err != nil {
		t.Fatalf("query: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "济宁市关于进一步完善医疗卫生服务体系的实施方案") {
		t.Errorf("the draft plan is missing from\n%s", out)
	}
}

func TestExtract(t *testing.T) {
	out, stderr, err := runCLI(t, "extract", "../../seeds/binzhou-measures-2024.txt")
	if err != nil {
		t.Fatalf("extract: %v\n%s", err, stderr)
	}
	var d struct {
		City     string
		Date     string
		Measures []struct{ Number, Title string }
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.City != "滨州" || d.Date != "2024-11-21" || len(d.Measures) != 32 || d.Measures[10].Title != "健全家庭医生制度" {
		t.Errorf("extract gave city %q date %q, %d measures", d.City, d.Date, len(d.Measures))
	}
}

// TestExtractWarnings: the JSON of extract says where the document sits and what the
// loader could not read.
func TestExtractWarnings(t *testing.T) {
	out, stderr, err := runCLI(t, "extract", "../../loader/testdata/notations/warnings.txt")
	if err != nil {
		t.Fatalf("extract: %v\n%s", err, stderr)
	}
	var d struct {
		Level, Jurisdiction string
		Warnings            []struct {
			Code, Message string
			Span          *struct{ Start, End int }
		}
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, w := range d.Warnings {
		codes = append(codes, w.Code)
	}
	if d.Level != "CITY" || d.Jurisdiction != "东岳市" || strings.Join(codes, " ") != "UNREAD_NOTE UNKNOWN_LABEL NO_UNITS NO_UNITS" {
		t.Errorf("extract gave level %q jurisdiction %q warnings %q", d.Level, d.Jurisdiction, codes)
	}
}

// TestErrors: every error exits non-zero with a message that says what is wrong.
func TestErrors(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.txt")
	os.WriteFile(empty, nil, 0o644)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "no command"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"extract empty file", []string{"extract", empty}, "empty.txt"},
		{"load missing path", []string{"load", "--store", "memory", "/no/such/file.txt"}, "/no/such/file.txt"},
		{"unknown store", []string{"query", "--store", "redis://x", "{ documents { id } }"}, "unknown kind"},
		{"bad query", []string{"query", "--store", "memory", "{ nosuchfield }"}, "nosuchfield"},
		// graphql-go's validation recursed without end on these and the process died.
		{"fragment that spreads itself", []string{"query", "--store", "memory", "{ ...A } fragment A on Query { ...A }"}, `Cannot spread fragment "A" within itself.`},
		{"fragment cycle inside selections", []string{"query", "--store", "memory", "{ documents { ...D } } fragment D on Document { measures { edges { node { document { ...E } } } } } fragment E on Document { ... on Document { ...D } }"},
			`Cannot spread fragment "D" within itself via "E".`},
		{"Int over 32 bits", []string{"query", "--store", "memory", "{ measures(year: 99999999999) { totalCount } }"}, `"99999999999" is not an Int`},
		{"query without query", []string{"query", "--store", "memory"}, "exactly one GraphQL query"},
		{"bad flag", []string{"serve", "--nosuchflag"}, "nosuchflag"},
		{"negative memory limit", []string{"serve", "--store", "memory", "--memory-limit-mib", "-1"}, "--memory-limit-mib must not be negative"},
		{"negative scheduler slice", []string{"serve", "--store", "memory", "--sched-slice", "-1ms"}, "--sched-slice must not be negative"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, err := runCLI(t, c.args...)
			if err == nil {
				t.Fatal("no error")
			}
			if exitCode(err) == 0 {
				t.Errorf("exit code 0 for %v", err)
			}
			if !strings.Contains(err.Error()+stderr, c.want) {
				t.Errorf("error %q (stderr %q) does not say %q", err, stderr, c.want)
			}
		})
	}
}

// TestHelp: each command prints its flags on --help and exits 0.
func TestHelp(t *testing.T) {
	for _, cmd := range []string{"serve", "load", "extract", "query"} {
		_, stderr, err := runCLI(t, cmd, "--help")
		if exitCode(err) != 0 || !strings.Contains(stderr, "Usage: policykg "+cmd) {
			t.Errorf("%s --help: err %v, output %q", cmd, err, stderr)
		}
	}
}

// TestBadLoadLeavesStore: a folder with one file that is not a document loads nothing,
// names the file, and the documents loaded before are all still there.
func TestBadLoadLeavesStore(t *testing.T) {
	store := "bolt:" + filepath.Join(t.TempDir(), "kg.db")
	if _, stderr, err := runCLI(t, "load", "--store", store, "../../seeds"); err != nil {
		t.Fatalf("load: %v\n%s", err, stderr)
	}
	dir := t.TempDir()
	plan, _ := os.ReadFile("../../seeds/jining-plan-draft.txt")
	os.WriteFile(filepath.Join(dir, "a-plan.txt"), bytes.Replace(plan, []byte("市教育局"), []byte("市体育局"), -1), 0o644)
	os.WriteFile(filepath.Join(dir, "b-broken.txt"), []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 1, 0xff, 0xfe, 0}, 0o644)
	_, _, err := runCLI(t, "load", "--store", store, dir)
	if err == nil || !strings.Contains(err.Error(), "b-broken.txt") {
		t.Fatalf("loading a folder with a binary file: err %v, want one naming b-broken.txt", err)
	}
	out, _, err := runCLI(t, "query", "--store", store, `{ documents { id } agencies(name: "市体育局") { name } }`)
	if err != nil {
		t.Fatal(err)
	}
	// The answer's data, not its warnings, which name the 市体育局 they did not find.
	var got struct {
		Data struct {
			Documents []struct{ ID string }
			Agencies  []struct{ Name string }
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Data.Documents) != 4 || len(got.Data.Agencies) != 0 || strings.Contains(fmt.Sprint(got.Data.Documents), "a-plan") {
		t.Errorf("the failed load changed the store:\n%s", out)
	}
}

// TestDuplicateIDs: two files that would be one document are refused, not merged silently.
func TestDuplicateIDs(t *testing.T) {
	dir := t.TempDir()
	plan, _ := os.ReadFile("../../seeds/jining-plan-final.txt")
	for _, sub := range []string{"a", "b"} {
		os.MkdirAll(filepath.Join(dir, sub), 0o755)
		os.WriteFile(filepath.Join(dir, sub, "plan.txt"), plan, 0o644)
	}
	_, _, err := runCLI(t, "load", "--store", "memory", dir)
	if err == nil || !strings.Contains(err.Error(), `both load as document "plan"`) {
		t.Errorf("err %v, want a refusal naming both files", err)
	}
}

// TestNamesFolder: a researcher teaches the loader a new short name without rebuilding.
func TestNamesFolder(t *testing.T) {
	names := t.TempDir()
	os.WriteFile(filepath.Join(names, "agencies.tsv"), []byte("市卫生健康委\t卫生健康委\t市卫健局\n"), 0o644)
	docs := t.TempDir()
	plan, _ := os.ReadFile("../../seeds/jining-plan-final.txt")
	os.WriteFile(filepath.Join(docs, "plan.txt"), bytes.Replace(plan, []byte("（责任单位：市卫生健康委）"), []byte("（责任单位：市卫健局）"), -1), 0o644)
	q := `{ agencies(name: "市卫健局") { name measures { totalCount } } }`
	out, _, err := runCLI(t, "query", "--store", "memory", "--names", names, "--load", docs, q)
	if err != nil {
		t.Fatal(err)
	}
	// 市卫生健康委 is named in all 28 measures of the final plan, alone in 5 of them: those
	// now print 市卫健局, and with the new alias all 28 are still one agency's.
	if !strings.Contains(out, `"name": "市卫生健康委"`) || !strings.Contains(out, `"totalCount": 28`) {
		t.Errorf("市卫健局 did not resolve to 市卫生健康委 in every measure:\n%s", out)
	}
}
