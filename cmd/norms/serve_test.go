package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teamnorms/norms/api"
	"github.com/teamnorms/norms/engine/starter"
)

func newAPIServer(t *testing.T, opts api.Options) *httptest.Server {
	t.Helper()
	s, err := api.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(apiHandler(s))
	t.Cleanup(ts.Close)
	return ts
}

// TestServeAnswersAsHandle: the net/http host writes back exactly what
// api.Server.Handle answers, status, headers and body.
func TestServeAnswersAsHandle(t *testing.T) {
	opts := api.Options{CORSOrigin: "*"}
	ts := newAPIServer(t, opts)
	direct, _ := api.New(opts)
	body, _ := json.Marshal(map[string]string{"norms": string(starter.NormsYAML), "gradebook_csv": string(starter.GradebookCSV)})
	for _, tt := range []struct{ method, path, body string }{
		{"POST", "/v1/grade", string(body)},
		{"POST", "/v1/check", `{"norms": "norms: 1\nteam: [x"}`},
		{"GET", "/v1/grade", ""},
		{"GET", "/nope", ""},
		{"OPTIONS", "/v1/grade", ""},
	} {
		req, _ := http.NewRequest(tt.method, ts.URL+tt.path, strings.NewReader(tt.body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want := direct.Handle(api.Request{Method: tt.method, Path: tt.path, Body: []byte(tt.body)})
		if resp.StatusCode != want.Status || !bytes.Equal(got, want.Body) {
			t.Errorf("%s %s: %d %.300s\nwant %d %.300s", tt.method, tt.path, resp.StatusCode, got, want.Status, want.Body)
		}
		for k, v := range want.Headers {
			if resp.Header.Get(k) != v {
				t.Errorf("%s %s: header %s = %q, want %q", tt.method, tt.path, k, resp.Header.Get(k), v)
			}
		}
	}
}

// TestServeRefusesBigBodyQuickly: a 50 MB upload gets 413 without the
// server reading it.
func TestServeRefusesBigBodyQuickly(t *testing.T) {
	ts := newAPIServer(t, api.Options{})
	for _, chunked := range []bool{false, true} {
		var body io.Reader = bytes.NewReader(make([]byte, 50<<20))
		if chunked {
			body = io.MultiReader(body) // hides the length: sent chunked
		}
		start := time.Now()
		resp, err := http.Post(ts.URL+"/v1/grade", "application/json", body)
		if err != nil {
			// The server may close the connection before the client has
			// sent everything; the answer must still have come quickly.
			t.Logf("chunked=%v: %v", chunked, err)
		} else {
			resp.Body.Close()
			if resp.StatusCode != 413 {
				t.Errorf("chunked=%v: status %d, want 413", chunked, resp.StatusCode)
			}
		}
		// A hang guard, not a speed goal: reading the 50 MB would take far longer.
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("chunked=%v: 413 took %v", chunked, d)
		}
	}
}

// TestServeCommand runs `norms serve --api` in-process on a free port,
// with named norms, and stops it as SIGINT would.
func TestServeCommand(t *testing.T) {
	dir := t.TempDir()
	normsPath := filepath.Join(dir, "norms.yaml")
	if err := os.WriteFile(normsPath, starter.NormsYAML, 0o644); err != nil {
		t.Fatal(err)
	}
	// Find a free port, then let serve listen on it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	saved := serveContext
	serveContext = func() (context.Context, context.CancelFunc) { return ctx, cancel }
	defer func() { serveContext = saved }()

	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main([]string{"serve", "--api", "--addr", addr, "--norms", "team=" + normsPath}, strings.NewReader(""), io.Discard, &stderr)
	}()
	url := "http://" + addr
	var resp *http.Response
	for range 100 {
		if resp, err = http.Get(url + "/v1/health"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("serve did not come up: %v\n%s", err, stderr.String())
	}
	resp.Body.Close()
	body, _ := json.Marshal(map[string]string{"norms_name": "team", "gradebook_csv": string(starter.GradebookCSV)})
	resp, err = http.Post(url+"/v1/grade", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(out, []byte(`"students":[`)) {
		t.Errorf("grade by name: %d %.300s", resp.StatusCode, out)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code %d\n%s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	if s := stderr.String(); !strings.Contains(s, "serving the API on http://"+addr) || !strings.Contains(s, "stopping") {
		t.Errorf("stderr:\n%s", s)
	}
}

func TestServeUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"serve"}, exitUsage, "serve needs --api"},
		{[]string{"serve", "--api", "extra"}, exitUsage, "takes no arguments"},
		{[]string{"serve", "--api", "--max-body", "0"}, exitUsage, "--max-body"},
		{[]string{"serve", "--api", "--norms", "nofile"}, exitUsage, "NAME=FILE"},
		{[]string{"serve", "--api", "--norms", "x=/does/not/exist.yaml"}, exitErrors, "exist.yaml"},
		{[]string{"serve", "--api", "--addr", "256.0.0.1:99999"}, exitErrors, "cannot listen"},
	} {
		r := run(t, "", tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.msg) {
			t.Errorf("%v: code %d, stderr %q; want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.msg)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
