package schema

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/model"
)

// CodeUnknownName is the code of the warning that a name argument matched nothing.
const CodeUnknownName = "UNKNOWN_NAME"

// Warning tells the client something about its answer that is not an error: a name that
// matched nothing, with the names it may have meant. Responses carry warnings in
// extensions.warnings.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Field is the response key of the field whose argument it is about; Argument the
	// argument.
	Field       string              `json:"field,omitempty"`
	Argument    string              `json:"argument,omitempty"`
	Suggestions []WarningSuggestion `json:"suggestions,omitempty"`
}

// WarningSuggestion is a name the client may have meant.
type WarningSuggestion struct {
	Kind model.SuggestKind `json:"kind"`
	ID   string            `json:"id"`
	Name string            `json:"name"`
	City string            `json:"city,omitempty"`
}

// Warnings collects the warnings of one request.
type Warnings struct {
	mu   sync.Mutex
	list []Warning
}

type warningsKey struct{}

// WithWarnings returns a context whose queries report warnings to the returned collector.
func WithWarnings(ctx context.Context) (context.Context, *Warnings) {
	w := &Warnings{}
	return context.WithValue(ctx, warningsKey{}, w), w
}

// List returns the warnings collected, by field and argument: fields resolve in no fixed
// order, and the same request must get the same answer.
func (w *Warnings) List() []Warning {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := slices.Clone(w.list)
	slices.SortStableFunc(out, func(a, b Warning) int {
		if c := strings.Compare(a.Field, b.Field); c != 0 {
			return c
		}
		return strings.Compare(a.Argument, b.Argument)
	})
	return out
}

// add keeps a warning unless the same one was given already (a field inside a list
// resolves once per item).
func (w *Warnings) add(x Warning) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, y := range w.list {
		if y.Message == x.Message && y.Field == x.Field && y.Argument == x.Argument {
			return
		}
	}
	w.list = append(w.list, x)
}

// warningSuggestions is how many suggestions a warning carries.
const warningSuggestions = 5

// kindWords name the kinds in warnings.
var kindWords = map[model.SuggestKind]string{
	model.SuggestAgency: "agency", model.SuggestInstitution: "institution",
	model.SuggestIndicator: "indicator", model.SuggestDocument: "document",
}

// unknownName warns, when the request collects warnings, that argument arg of the field
// being resolved names no node of kind, and suggests the names most like it.
func unknownName(p graphql.ResolveParams, kind model.SuggestKind, arg, name string) {
	w, _ := p.Context.Value(warningsKey{}).(*Warnings)
	if w == nil {
		return
	}
	x := Warning{Code: CodeUnknownName, Argument: arg}
	if len(p.Info.FieldASTs) > 0 {
		x.Field = p.Info.FieldName
		if a := p.Info.FieldASTs[0].Alias; a != nil {
			x.Field = a.Value
		}
	}
	what := "no " + kindWords[kind] + " is named " + name
	if kind == model.SuggestDocument {
		what = "no document has the ID " + name
	}
	var mean []string
	for _, s := range modelOf(p).Suggest(name, []model.SuggestKind{kind}, warningSuggestions) {
		x.Suggestions = append(x.Suggestions, WarningSuggestion{Kind: s.Kind, ID: s.NodeID, Name: s.Name, City: s.City})
		label := s.Name
		if kind == model.SuggestDocument {
			label = strings.TrimPrefix(s.NodeID, "doc:") + " (" + s.Name + ")"
		} else if s.City != "" {
			label += " (" + s.City + ")"
		}
		if len(mean) < 3 && !slices.Contains(mean, label) {
			mean = append(mean, label)
		}
	}
	switch len(mean) {
	case 0:
		x.Message = what + ", and none is like it"
	case 1:
		x.Message = fmt.Sprintf("%s; did you mean %s?", what, mean[0])
	default:
		x.Message = fmt.Sprintf("%s; did you mean %s or %s?", what, strings.Join(mean[:len(mean)-1], ", "), mean[len(mean)-1])
	}
	w.add(x)
}

// unknownCity warns that argument arg names a city no document is of.
func unknownCity(p graphql.ResolveParams, arg, city string) {
	w, _ := p.Context.Value(warningsKey{}).(*Warnings)
	if w == nil {
		return
	}
	var cities []string
	for _, d := range modelOf(p).Documents {
		if d.City != "" && !slices.Contains(cities, d.City) {
			cities = append(cities, d.City)
		}
	}
	slices.Sort(cities)
	x := Warning{Code: CodeUnknownName, Argument: arg, Field: p.Info.FieldName,
		Message: fmt.Sprintf("no document is of the city %s; the cities loaded are %s", city, strings.Join(cities, ", "))}
	if len(cities) == 0 {
		x.Message = fmt.Sprintf("no document is of the city %s; no document names a city", city)
	}
	if len(p.Info.FieldASTs) > 0 && p.Info.FieldASTs[0].Alias != nil {
		x.Field = p.Info.FieldASTs[0].Alias.Value
	}
	w.add(x)
}

// nameArgs lists, for each Query field, the arguments whose names are checked: a name
// that matches nothing is answered as ever (nothing found) with an UNKNOWN_NAME warning.
// name is checked as a name of the field's kind.
var nameArgs = map[string]struct {
	kind model.SuggestKind
	args []string
}{
	"measures":               {args: []string{"agency", "institution", "indicator", "document", "city"}},
	"targetsConnection":      {args: []string{"indicator", "document", "city"}},
	"documents":              {args: []string{"city"}},
	"documentsConnection":    {args: []string{"city"}},
	"coordination":           {args: []string{"document", "city"}},
	"scorecard":              {args: []string{"document"}},
	"agencies":               {kind: model.SuggestAgency, args: []string{"name", "city"}},
	"agenciesConnection":     {kind: model.SuggestAgency, args: []string{"name", "city"}},
	"institutions":           {kind: model.SuggestInstitution, args: []string{"name", "city"}},
	"institutionsConnection": {kind: model.SuggestInstitution, args: []string{"name", "city"}},
	"indicators":             {kind: model.SuggestIndicator, args: []string{"name"}},
	"compareIndicator":       {kind: model.SuggestIndicator, args: []string{"name"}},
}

// checkNameArgs makes the Query fields of nameArgs warn about names that match nothing.
func (b *builder) checkNameArgs() {
	for field, check := range nameArgs {
		f := b.queryFields[field]
		if f == nil || f.Resolve == nil {
			continue
		}
		resolve, kind, args := f.Resolve, check.kind, check.args
		f.Resolve = func(p graphql.ResolveParams) (any, error) {
			if p.Context.Value(warningsKey{}) != nil {
				checkNames(p, kind, args)
			}
			return resolve(p)
		}
	}
}

// checkNames warns about each of the arguments args of a field that names nothing;
// nameKind is the kind the name argument names.
func checkNames(p graphql.ResolveParams, nameKind model.SuggestKind, args []string) {
	m := modelOf(p)
	for _, arg := range args {
		v := argString(p, arg)
		if v == "" {
			continue
		}
		switch arg {
		case "agency":
			if len(m.FindAgencies(v, "")) == 0 {
				unknownName(p, model.SuggestAgency, arg, v)
			}
		case "institution":
			if len(m.FindInstitutions(v, "")) == 0 {
				unknownName(p, model.SuggestInstitution, arg, v)
			}
		case "indicator":
			if len(m.FindIndicators(v)) == 0 {
				unknownName(p, model.SuggestIndicator, arg, v)
			}
		case "document":
			if m.Document(v) == nil {
				unknownName(p, model.SuggestDocument, arg, v)
			}
		case "city":
			if !m.HasCity(v) {
				unknownCity(p, arg, v)
			}
		case "name":
			if !nameKnown(m, nameKind, v) {
				unknownName(p, nameKind, arg, v)
			}
		}
	}
}

// nameKnown tells whether a name finds a node of a kind as the name arguments find them.
func nameKnown(m *model.Model, kind model.SuggestKind, name string) bool {
	switch kind {
	case model.SuggestAgency:
		return len(m.FindAgencies(name, "")) > 0
	case model.SuggestInstitution:
		return len(m.FindInstitutions(name, "")) > 0
	case model.SuggestIndicator:
		return len(m.FindIndicators(name)) > 0
	case model.SuggestDocument:
		return m.Document(name) != nil
	}
	return true
}
