package server

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// keyed is a server with keys: an admin, a reader of "default" limited to
// no groups, a reader in group hr, a reader of another collection, an editor.
type keyed struct {
	*testServer
	admin, reader, hr, other, editor string
}

func newKeyed(t *testing.T, opt Options) keyed {
	t.Helper()
	ts := newTestServer(t, opt)
	mk := func(role Role, colls, groups []string) string {
		_, secret, err := ts.keys.Create(Key{Role: role, Collections: colls, Groups: groups})
		if err != nil {
			t.Fatal(err)
		}
		return secret
	}
	k := keyed{testServer: ts,
		admin:  mk(RoleAdmin, nil, nil),
		reader: mk(RoleReader, []string{"default"}, nil),
		hr:     mk(RoleReader, []string{"default"}, []string{"hr"}),
		other:  mk(RoleReader, []string{"other"}, nil),
		editor: mk(RoleEditor, []string{"default"}, nil),
	}
	// The salary document is for group hr only; the refund rules are open.
	k.upload(t, "default", k.admin, "hr", file{"연봉.txt", docSalary})
	k.upload(t, "default", k.admin, "", file{"환불.txt", docRefund})
	return k
}

func TestKeysFileIsPrivateAndHashed(t *testing.T) {
	k := newKeyed(t, Options{})
	path := filepath.Join(k.eng.Config().DataDir, KeysFile)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v", st.Mode().Perm())
	}
	raw, _ := os.ReadFile(path)
	for _, secret := range []string{k.admin, k.reader} {
		if strings.Contains(string(raw), secret) || strings.Contains(string(raw), secret[len(secret)-20:]) {
			t.Fatal("the key file holds a key in clear")
		}
	}
	// Revoking takes effect on the running server.
	keys, _ := k.keys.List()
	if err := k.keys.Revoke(keys[1].ID); err != nil {
		t.Fatal(err)
	}
	k.keys.mu.Lock()
	k.keys.checked = k.keys.checked.Add(-2e9) // skip the one-second recheck delay
	k.keys.mu.Unlock()
	if res, _ := k.do(t, "GET", "/api/v1/collections", k.reader, nil); res.StatusCode != 401 {
		t.Fatalf("revoked key: %d", res.StatusCode)
	}
}

func TestEveryEndpointNeedsAKey(t *testing.T) {
	k := newKeyed(t, Options{})
	public := map[string]bool{}
	for _, r := range k.routes {
		method, path, _ := strings.Cut(r.pattern, " ")
		path = strings.NewReplacer("{$}", "", "{coll}", "default", "{id}", "x", "{file}", "app.js").Replace(path)
		body := ""
		if method == "POST" {
			body = "{}"
		}
		var b any
		if body != "" {
			b = body
		}
		res, _ := k.do(t, method, path, "", b)
		if r.role == "" {
			public[r.pattern] = true
			if res.StatusCode == 401 {
				t.Errorf("%s is public but answered 401", r.pattern)
			}
			continue
		}
		if res.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s without a key: %d", r.pattern, res.StatusCode)
		}
		if res, _ := k.do(t, method, path, "sg_bogus_0000", b); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s with a bad key: %d", r.pattern, res.StatusCode)
		}
	}
	if len(public) != 5 {
		t.Errorf("public routes: %v", public)
	}
}

func TestRolesAndCollections(t *testing.T) {
	k := newKeyed(t, Options{})
	cases := []struct {
		name, method, path, key string
		body                    any
		want                    int
	}{
		{"reader searches its collection", "POST", "/api/v1/search", k.reader, `{"query":"환불"}`, 200},
		{"reader of another collection searches", "POST", "/api/v1/search", k.other, `{"query":"환불"}`, 403},
		{"reader of another collection asks", "POST", "/api/v1/ask", k.other, `{"question":"환불 기한은?"}`, 403},
		{"reader of another collection chats", "POST", "/v1/chat/completions", k.other,
			`{"model":"seogo/default","messages":[{"role":"user","content":"환불 기한은?"}]}`, 403},
		{"reader of another collection embeds", "POST", "/v1/embeddings", k.other, `{"model":"seogo/default","input":"x"}`, 403},
		{"reader of another collection lists documents", "GET", "/api/v1/collections/default/documents", k.other, nil, 403},
		{"reader uploads", "POST", "/api/v1/collections/default/documents", k.reader, []file{{"a.txt", "가나다"}}, 403},
		{"reader deletes a document", "DELETE", "/api/v1/collections/default/documents/x", k.reader, nil, 403},
		{"editor creates a collection", "POST", "/api/v1/collections", k.editor, `{"name":"new"}`, 403},
		{"editor deletes a collection", "DELETE", "/api/v1/collections/default", k.editor, nil, 403},
		{"editor reads metrics", "GET", "/metrics", k.editor, nil, 403},
		{"editor lists keys", "GET", "/api/v1/keys", k.editor, nil, 403},
		{"admin reads metrics", "GET", "/metrics", k.admin, nil, 200},
	}
	for _, c := range cases {
		if res, raw := k.do(t, c.method, c.path, c.key, c.body); res.StatusCode != c.want {
			t.Errorf("%s: %d, want %d (%s)", c.name, res.StatusCode, c.want, raw)
		}
	}
	_, raw := k.do(t, "GET", "/v1/models", k.other, nil)
	if strings.Contains(string(raw), "seogo/default") {
		t.Errorf("models shows a collection the key may not use: %s", raw)
	}
	_, raw = k.do(t, "GET", "/api/v1/collections", k.other, nil)
	if strings.Contains(string(raw), `"default"`) && strings.Contains(string(raw), `"name":"default"`) {
		t.Errorf("collections shows one the key may not use: %s", raw)
	}
}

// The hr-only salary document must not reach a reader outside hr through
// any door: search, explain, ask, chat completions, citations, document
// text, the document list, collection counts.
func TestDocumentACLsLeakNothing(t *testing.T) {
	k := newKeyed(t, Options{})
	const secret = "구억칠천만원"
	var salaryID string
	_, raw := k.do(t, "GET", "/api/v1/collections/default/documents", k.admin, nil)
	var docs struct{ Documents []docView }
	mustJSON(t, raw, &docs)
	for _, d := range docs.Documents {
		if d.Name == "연봉.txt" {
			salaryID = d.ID
			if strings.Join(d.Groups, ",") != "hr" {
				t.Fatalf("groups of the salary document: %v", d.Groups)
			}
		}
	}
	if salaryID == "" {
		t.Fatalf("salary document missing: %s", raw)
	}
	q := "대표이사 연봉 성과급 비율"
	doors := []struct {
		name, method, path string
		body               any
	}{
		{"search", "POST", "/api/v1/search", `{"query":"` + q + `","k":10,"explain":true}`},
		{"search by doc id", "POST", "/api/v1/search", `{"query":"` + q + `","filter":{"doc_ids":["` + salaryID + `"]}}`},
		{"ask", "POST", "/api/v1/ask", `{"question":"` + q + `는?"}`},
		{"ask stream", "POST", "/api/v1/ask", `{"question":"` + q + `는?","stream":true}`},
		{"chat", "POST", "/v1/chat/completions", `{"model":"seogo/default","messages":[{"role":"user","content":"` + q + `는?"}]}`},
		{"chat stream", "POST", "/v1/chat/completions", `{"model":"seogo/default","stream":true,"messages":[{"role":"user","content":"` + q + `는?"}]}`},
		{"documents", "GET", "/api/v1/collections/default/documents", nil},
		{"document text", "GET", "/api/v1/collections/default/documents/" + salaryID + "/text", nil},
		{"collection", "GET", "/api/v1/collections/default", nil},
	}
	for _, d := range doors {
		res, raw := k.do(t, d.method, d.path, k.reader, d.body)
		// (a 404 may echo the ID the caller sent, which tells it nothing)
		echoed := strings.Contains(d.path, salaryID) || strings.Contains(fmtBody(d.body), salaryID)
		if strings.Contains(string(raw), secret) || strings.Contains(string(raw), "연봉.txt") || !echoed && strings.Contains(string(raw), salaryID) {
			t.Errorf("%s leaks the hr document to a reader outside hr: %d %s", d.name, res.StatusCode, raw)
		}
		if d.name == "document text" && res.StatusCode != 404 {
			t.Errorf("document text outside the groups: %d, want 404", res.StatusCode)
		}
		if d.name == "collection" && !strings.Contains(string(raw), `"documents":1`) {
			t.Errorf("collection counts include hidden documents: %s", raw)
		}
	}
	if res, _ := k.do(t, "DELETE", "/api/v1/collections/default/documents/"+salaryID, k.editor, nil); res.StatusCode != 404 {
		t.Errorf("an editor outside hr deleted the hr document: %d", res.StatusCode)
	}
	// The hr reader does see it, through search and citations.
	_, raw = k.do(t, "POST", "/api/v1/ask", k.hr, `{"question":"`+q+`는?"}`)
	if !strings.Contains(string(raw), secret) {
		t.Errorf("the hr reader cannot read the hr document: %s", raw)
	}
	if res, _ := k.do(t, "GET", "/api/v1/collections/default/documents/"+salaryID+"/text", k.hr, nil); res.StatusCode != 200 {
		t.Errorf("hr reader document text: %d", res.StatusCode)
	}
	// An editor without groups cannot publish into a group it lacks.
	buf, ct := multipartFiles(t, []file{{"x.txt", "가나다라 마바사"}}, "hr")
	req, _ := http.NewRequest("POST", k.url+"/api/v1/collections/default/documents", buf)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+k.editor)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Errorf("editor uploading into group hr: %d", res.StatusCode)
	}
}

func TestRateLimitPerKey(t *testing.T) {
	k := newKeyed(t, Options{RatePerSecond: 1, Burst: 3})
	codes := map[int]int{}
	for range 6 {
		res, _ := k.do(t, "GET", "/api/v1/collections", k.reader, nil)
		codes[res.StatusCode]++
		if res.StatusCode == 429 && res.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if codes[429] == 0 || codes[200] == 0 {
		t.Fatalf("status codes: %v", codes)
	}
	// Another key has its own bucket.
	if res, _ := k.do(t, "GET", "/api/v1/collections", k.hr, nil); res.StatusCode != 200 {
		t.Errorf("another key limited too: %d", res.StatusCode)
	}
}

func fmtBody(b any) string {
	s, _ := b.(string)
	return s
}
