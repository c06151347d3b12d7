package server

import (
	"encoding/json"
	"strings"
	"testing"
)

// Every route is documented in openapi.json, with the right method, and the
// document names no route that does not exist.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	ts := newTestServer(t, Options{})
	res, raw := ts.do(t, "GET", "/api/v1/openapi.json", "", nil)
	if res.StatusCode != 200 {
		t.Fatalf("openapi.json: %d", res.StatusCode)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	mustJSON(t, raw, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("not OpenAPI 3: %q", doc.OpenAPI)
	}
	routes := map[string]bool{}
	for _, r := range ts.routes {
		method, path, _ := strings.Cut(r.pattern, " ")
		path = strings.TrimSuffix(path, "{$}")
		routes[strings.ToLower(method)+" "+path] = true
		var op struct {
			Security  *[]any         `json:"security"`
			Responses map[string]any `json:"responses"`
		}
		if err := json.Unmarshal(doc.Paths[path][strings.ToLower(method)], &op); err != nil {
			t.Errorf("%s is not documented", r.pattern)
			continue
		}
		public := op.Security != nil && len(*op.Security) == 0
		if public != (r.role == "") {
			t.Errorf("%s: documented as public=%v, served with role %q", r.pattern, public, r.role)
		}
		if r.role != "" && op.Responses["401"] == nil {
			t.Errorf("%s: 401 not documented", r.pattern)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if !routes[method+" "+path] {
				t.Errorf("openapi.json documents %s %s, which is not served", method, path)
			}
		}
	}
}
