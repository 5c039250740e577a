package export

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/policykg/policykg/analysis"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// CSVTable is one of the tables the CSV export writes.
type CSVTable string

// The CSV tables: one row per responsibility (a measure's agency with its role), per
// measure, per agency, per target and per observation.
const (
	CSVResponsibilities CSVTable = "responsibilities"
	CSVMeasures         CSVTable = "measures"
	CSVAgencies         CSVTable = "agencies"
	CSVTargets          CSVTable = "targets"
	CSVObservations     CSVTable = "observations"
)

// CSVTables lists the tables, the default first.
var CSVTables = []CSVTable{CSVResponsibilities, CSVMeasures, CSVAgencies, CSVTargets, CSVObservations}

// ParseCSVTable returns the table a name stands for.
func ParseCSVTable(name string) (CSVTable, error) {
	for _, t := range CSVTables {
		if string(t) == strings.ToLower(name) {
			return t, nil
		}
	}
	names := make([]string, len(CSVTables))
	for i, t := range CSVTables {
		names[i] = string(t)
	}
	return "", fmt.Errorf("%w: table %q: use one of %s", ErrBadRequest, name, strings.Join(names, ", "))
}

// utf8BOM is the byte order mark that tells Excel a CSV file is UTF-8.
const utf8BOM = "\ufeff"

// writeCSV writes a table over docs, a header row first, rows in document, then measure
// and list order (agencies: by name, city and ID).
func writeCSV(ctx context.Context, w io.Writer, docs []*model.Document, table CSVTable, bom bool) error {
	if table == "" {
		table = CSVResponsibilities
	}
	if bom {
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
	}
	cw := csv.NewWriter(w)
	rows := csvRows[table]
	if err := cw.Write(rows.header); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	if err := rows.write(ctx, docs, cw.Write); err != nil {
		return fmt.Errorf("export csv %s: %w", table, err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}

// csvTable is a table's header and the rows it writes through write.
type csvTable struct {
	header []string
	write  func(ctx context.Context, docs []*model.Document, write func([]string) error) error
}

var csvRows = map[CSVTable]csvTable{
	CSVResponsibilities: {
		[]string{"document", "measure_id", "number", "title", "agency", "city", "kind", "role", "position"},
		eachMeasure(func(mv *model.Measure, write func([]string) error) error {
			for _, r := range mv.Responsibilities {
				err := write([]string{mv.Document.ID, mv.NodeID, mv.Number, mv.Title,
					r.Agency.Name, r.Agency.City, r.Agency.Kind, string(r.Role), strconv.Itoa(r.Position)})
				if err != nil {
					return err
				}
			}
			return nil
		}),
	},
	CSVMeasures: {
		[]string{"document", "status", "city", "measure_id", "ordinal", "number", "section", "title", "lead", "agencies", "institutions", "departments", "targets", "text"},
		eachMeasure(func(mv *model.Measure, write func([]string) error) error {
			var lead, agencies, insts, depts []string
			for _, r := range mv.Responsibilities {
				if r.Role == policy.RoleLead {
					lead = append(lead, r.Agency.Name)
				}
				agencies = appendOnce(agencies, r.Agency.Name)
			}
			for _, in := range mv.Institutions {
				insts = append(insts, in.Name)
			}
			for _, dp := range mv.Departments {
				depts = append(depts, dp.Name)
			}
			return write([]string{mv.Document.ID, string(mv.Document.Status), mv.Document.City, mv.NodeID,
				strconv.Itoa(mv.Ordinal), mv.Number, mv.Section, mv.Title, strings.Join(lead, "；"),
				strings.Join(agencies, "；"), strings.Join(insts, "；"), strings.Join(depts, "；"),
				strconv.Itoa(len(mv.Targets)), mv.Text})
		}),
	},
	CSVAgencies: {
		[]string{"agency_id", "name", "city", "kind", "aliases", "documents", "measures", "lead", "support", "responsible", "implementer"},
		writeAgencyRows,
	},
	CSVTargets: {
		[]string{"document", "measure_id", "target_id", "indicator", "words", "value", "value_text", "unit", "comparator", "year", "stretch", "maintain", "rank", "text"},
		eachMeasure(func(mv *model.Measure, write func([]string) error) error {
			for _, t := range mv.Targets {
				year := ""
				if t.Year != 0 {
					year = strconv.Itoa(t.Year)
				}
				err := write([]string{mv.Document.ID, mv.NodeID, t.NodeID, t.Indicator.Name, t.Words,
					csvNumber(t.Value), t.ValueText, t.Unit, string(t.Comparator), year,
					csvBool(t.Stretch), csvBool(t.Maintain), csvBool(t.Rank), t.Target.Text})
				if err != nil {
					return err
				}
			}
			return nil
		}),
	},
	CSVObservations: {
		[]string{"document", "observation_id", "indicator", "words", "value", "value_text", "unit", "comparator", "rank", "text"},
		func(ctx context.Context, docs []*model.Document, write func([]string) error) error {
			for _, d := range docs {
				if err := ctx.Err(); err != nil {
					return err
				}
				for _, o := range d.Observations {
					err := write([]string{d.ID, o.NodeID, o.Indicator.Name, o.Words, csvNumber(o.Value),
						o.ValueText, o.Unit, string(o.Comparator), csvBool(o.Rank), o.Observation.Text})
					if err != nil {
						return err
					}
				}
			}
			return nil
		},
	},
}

// eachMeasure makes a table's writer from one that writes the rows of a measure.
func eachMeasure(rows func(mv *model.Measure, write func([]string) error) error) func(context.Context, []*model.Document, func([]string) error) error {
	return func(ctx context.Context, docs []*model.Document, write func([]string) error) error {
		for _, d := range docs {
			if err := ctx.Err(); err != nil {
				return err
			}
			for _, mv := range d.Measures {
				if err := rows(mv, write); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

// writeAgencyRows writes one row per agency named in the documents: the documents and
// measures naming it and its roles in them, IMPLEMENTER included.
func writeAgencyRows(ctx context.Context, docs []*model.Document, write func([]string) error) error {
	type use struct {
		docs, measures int
		analysis.RoleCounts
	}
	uses := map[*model.Agency]*use{}
	var agencies []*model.Agency
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		inDoc := map[*model.Agency]bool{}
		for _, mv := range d.Measures {
			for _, a := range analysis.MeasureAgencies(mv) {
				u := uses[a]
				if u == nil {
					u = &use{}
					uses[a] = u
					agencies = append(agencies, a)
				}
				if !inDoc[a] {
					inDoc[a] = true
					u.docs++
				}
				u.measures++
				u.Add(analysis.RolesIn(a, mv, true))
			}
		}
	}
	slices.SortFunc(agencies, func(x, y *model.Agency) int {
		return strings.Compare(x.Name+"\x00"+x.City+"\x00"+x.NodeID, y.Name+"\x00"+y.City+"\x00"+y.NodeID)
	})
	for _, a := range agencies {
		u := uses[a]
		err := write([]string{a.NodeID, a.Name, a.City, a.Kind, strings.Join(a.Aliases, "；"),
			strconv.Itoa(u.docs), strconv.Itoa(u.measures), strconv.Itoa(u.Lead), strconv.Itoa(u.Support),
			strconv.Itoa(u.Responsible), strconv.Itoa(u.Implementer)})
		if err != nil {
			return err
		}
	}
	return nil
}

func csvNumber(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func csvBool(b bool) string { return strconv.FormatBool(b) }
