package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
)

// TestETag: a GET answer carries an ETag and Cache-Control: no-cache; asking again with
// If-None-Match gets 304 and no body until a load changes the store and the model follows;
// Vary names Accept.
func TestETag(t *testing.T) {
	store := seedStore(t, "memory")
	h := newServer(t, model.NewReader(store, model.WithIndicatorNames(loader.DefaultNames().IndicatorName)), nil).Handler()
	target := "/graphql?query=" + url.QueryEscape(ordinaryQuestion)
	first := call(h, http.MethodGet, target, "")
	tag := first.Header().Get("ETag")
	if first.Code != http.StatusOK || !strings.HasPrefix(tag, `W/"`) || first.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("status %d, ETag %q, Cache-Control %q", first.Code, tag, first.Header().Get("Cache-Control"))
	}
	if vary := strings.Join(first.Header().Values("Vary"), ", "); !strings.Contains(vary, "Accept") {
		t.Errorf("Vary %q lacks Accept", vary)
	}
	again := call(h, http.MethodGet, target, "", "If-None-Match: "+tag)
	if again.Code != http.StatusNotModified || again.Body.Len() != 0 || again.Header().Get("ETag") != tag {
		t.Errorf("If-None-Match: status %d, %d bytes, ETag %q; want 304, none, %s", again.Code, again.Body.Len(), again.Header().Get("ETag"), tag)
	}
	other := call(h, http.MethodGet, target, "", "If-None-Match: "+tag, "Accept: "+mediaGraphQLResponse)
	if other.Code != http.StatusOK || other.Header().Get("ETag") == tag {
		t.Errorf("another media type: status %d, ETag %q; want 200 and another tag", other.Code, other.Header().Get("ETag"))
	}
	post := postJSON(h, map[string]any{"query": ordinaryQuestion})
	if post.Header().Get("ETag") != "" {
		t.Error("a POST answer has an ETag")
	}
	// The news report has no measure: the answer stays 18, its store version does not.
	if err := store.Delete(context.Background(), "jining-health-news"); err != nil {
		t.Fatal(err)
	}
	// Until the background refresher has the new model, the answer is the old one, 304.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		moved := call(h, http.MethodGet, target, "", "If-None-Match: "+tag)
		if moved.Code == http.StatusOK && moved.Header().Get("ETag") != tag {
			mustAnswer(t, moved)
			return
		}
		if moved.Code != http.StatusNotModified || moved.Header().Get("ETag") != tag {
			t.Fatalf("after a load: status %d, ETag %q; want 200 and a new tag, or 304 and %s until the model is rebuilt", moved.Code, moved.Header().Get("ETag"), tag)
		}
		if time.Now().After(deadline) {
			t.Fatal("after a load: still 304 after 2 minutes: the model was not rebuilt")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
