package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/teamnorms/norms/api"
)

var serveCmd = &command{
	name:     "serve",
	synopsis: "norms serve --api [--addr 127.0.0.1:8080] [--cors ORIGIN] [--max-body BYTES] [--norms NAME=NORMS]...",
	short:    "serve the HTTP API (check, test, grade, explain, conduct)",
	long: `
Serve answers the Norms HTTP API (docs/api.md) until interrupted (Ctrl-C):
POST /v1/check, /v1/test, /v1/grade, /v1/explain, /v1/conduct and GET
/v1/health, JSON in and out. It gives the same answers, byte for byte, as
the edge worker (wasm/worker), which serves the same API from the engine
compiled to WebAssembly.

  --api              serve the API (required: the only thing serve serves)
  --addr ADDR        the address to listen on (default 127.0.0.1:8080; use
                     :8080 to accept other machines, port 0 for any free
                     port)
  --cors ORIGIN      allow web pages from ORIGIN ("*" for any) to call the
                     API from a browser
  --max-body BYTES   the largest request body accepted (default 5000000);
                     larger bodies are answered 413 without being read
  --norms NAME=FILE  bind the norms file FILE to NAME, so requests may send
                     {"norms_name": "NAME"} instead of the norms text; may be
                     repeated. A file with errors stops serve from starting.

The address is printed on stderr once the server listens. On SIGINT or
SIGTERM, serve stops accepting connections, lets requests in flight finish
(up to 10 seconds) and exits 0.
`,
	run: runServe,
}

// serveContext is canceled when serve should stop; tests replace it.
var serveContext = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// namedNorms is the repeatable --norms NAME=FILE flag.
type namedNorms map[string]string

func (n namedNorms) String() string { return "" }

func (n namedNorms) Set(v string) error {
	name, file, ok := strings.Cut(v, "=")
	if !ok || name == "" || file == "" {
		return fmt.Errorf("--norms takes NAME=FILE, such as grade7=norms.yaml")
	}
	if _, dup := n[name]; dup {
		return fmt.Errorf("--norms names %q twice", name)
	}
	n[name] = file
	return nil
}

func runServe(e *env, args []string) error {
	fl := newFlags("serve")
	apiFlag := fl.Bool("api", false, "serve the API")
	addr := fl.String("addr", "127.0.0.1:8080", "address")
	cors := fl.String("cors", "", "CORS origin")
	maxBody := fl.Int64("max-body", api.DefaultMaxBodyBytes, "body limit")
	files := namedNorms{}
	fl.Var(files, "norms", "NAME=FILE")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments, got %q", pos[0])
	}
	if !*apiFlag {
		return usagef("serve needs --api (the HTTP API is what it serves)")
	}
	if *maxBody <= 0 {
		return usagef("--max-body must be a number of bytes above 0")
	}
	named := map[string]string{}
	for name, path := range files {
		text, _, err := e.readInput(path)
		if err != nil {
			return err
		}
		named[name] = string(text)
	}
	srv, err := api.New(api.Options{MaxBodyBytes: *maxBody, CORSOrigin: *cors, NamedNorms: named, Version: version})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v", *addr, err)
	}
	ctx, stop := serveContext()
	defer stop()
	return serveUntil(ctx, ln, srv, e.stderr)
}

// serveUntil serves the API on ln until ctx is canceled, then shuts down
// gracefully: no new connections, requests in flight may finish.
func serveUntil(ctx context.Context, ln net.Listener, srv *api.Server, log io.Writer) error {
	hs := &http.Server{
		Handler:           apiHandler(srv),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(log, "norms: serving the API on http://%s/v1/ (Ctrl-C to stop)\n", ln.Addr())
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(log, "norms: stopping: finishing the requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("stopping the server: %v", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// apiHandler adapts net/http to api.Server.Handle: it reads at most
// MaxBodyBytes+1 bytes of the body (none when Content-Length is already too
// large, so a 50 MB upload is refused at once), hands over the first value
// of each header, and writes the answer back as it is.
func apiHandler(srv *api.Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := srv.MaxBodyBytes()
		headers := make(map[string]string, len(r.Header)+1)
		for k, v := range r.Header {
			if len(v) > 0 {
				headers[k] = v[0]
			}
		}
		if r.ContentLength >= 0 {
			headers["Content-Length"] = fmt.Sprint(r.ContentLength)
		}
		var body []byte
		if r.ContentLength <= limit {
			var err error
			body, err = io.ReadAll(io.LimitReader(r.Body, limit+1))
			if err != nil {
				// The client went away or sent a broken body: nothing
				// useful can be answered, but say so if it still listens.
				http.Error(w, `{"error":"the request body could not be read"}`, http.StatusBadRequest)
				return
			}
		}
		resp := srv.Handle(api.Request{Method: r.Method, Path: r.URL.Path, Body: body, Headers: headers})
		for k, v := range resp.Headers {
			w.Header().Set(k, v)
		}
		if resp.Status == http.StatusRequestEntityTooLarge {
			// The rest of the body is not read: close the connection
			// rather than let net/http drain it.
			w.Header().Set("Connection", "close")
		}
		w.WriteHeader(resp.Status)
		if r.Method != http.MethodHead {
			w.Write(resp.Body)
		}
	})
}
