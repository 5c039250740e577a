package api

import (
	"mime"
	"strconv"
	"strings"
)

// The media types a GraphQL response is sent as.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// negotiate picks the response media type from an Accept header: the acceptable type
// with the highest q, application/graphql-response+json on a tie; a missing header or a
// wildcard means application/json, as the GraphQL-over-HTTP specification says for
// legacy clients. ok is false when the header accepts neither type.
func negotiate(accept string) (media string, ok bool) {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON, true
	}
	bestQ := 0.0
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil {
				continue
			}
		}
		var candidate string
		switch mt {
		case mediaGraphQLResponse:
			candidate = mediaGraphQLResponse
		case mediaJSON, "application/*", "*/*":
			candidate = mediaJSON
		default:
			continue
		}
		if q <= 0 {
			continue
		}
		if q > bestQ || q == bestQ && candidate == mediaGraphQLResponse {
			media, bestQ = candidate, q
		}
	}
	return media, media != ""
}
