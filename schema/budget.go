package schema

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/graphql-go/graphql"
)

// errOverBudget is the cause of a context whose answer outgrew its budget.
var errOverBudget = errors.New("the answer is over its size budget")

type budgetKey struct{}

// budget is what is left of a request's answer size, in bytes of text.
type budget struct {
	left   atomic.Int64
	cancel context.CancelCauseFunc
}

// WithResponseBudget returns a context whose query stops once the strings its fields
// resolve to add up to more than max bytes: an answer that large would be refused anyway
// (RESPONSE_TOO_LARGE), and stopping early keeps a request for 1,800 copies of every
// document's text from building them all. The strings are a lower bound of the JSON
// answer's size, so no answer within max is stopped. cancel releases the context.
func WithResponseBudget(ctx context.Context, max int64) (_ context.Context, cancel context.CancelFunc) {
	ctx, cancelCause := context.WithCancelCause(ctx)
	b := &budget{cancel: cancelCause}
	b.left.Store(max)
	return context.WithValue(ctx, budgetKey{}, b), func() { cancelCause(context.Canceled) }
}

// OverBudget reports whether ctx was stopped by its response budget.
func OverBudget(ctx context.Context) bool { return errors.Is(context.Cause(ctx), errOverBudget) }

// charge takes the bytes of a resolved value from the context's budget, if it has one.
func charge(ctx context.Context, v any) {
	if ctx == nil {
		return
	}
	b, ok := ctx.Value(budgetKey{}).(*budget)
	if !ok {
		return
	}
	n := 0
	switch v := v.(type) {
	case string:
		n = len(v)
	case []string:
		for _, s := range v {
			n += len(s)
		}
	}
	if n > 0 && b.left.Add(-int64(n)) < 0 {
		b.cancel(errOverBudget)
	}
}

// isText reports whether t is String or ID, or a list of them, wrapped or not.
func isText(t graphql.Type) bool {
	switch t := t.(type) {
	case *graphql.NonNull:
		return isText(t.OfType)
	case *graphql.List:
		return isText(t.OfType)
	}
	return t == graphql.String || t == graphql.ID
}
