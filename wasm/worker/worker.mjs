// worker.mjs: the Norms HTTP API (docs/api.md) as an edge worker. The Go
// code of package api, compiled into dist/norms.wasm with the browser
// module (wasm/), answers every request; this file only moves bytes
// between fetch and globalThis.__normsAPI.handle (wasm/httpapi.go), so the
// worker answers exactly as `norms serve --api` does.
//
// workerd forbids random values (and so starting Go, whose runtime seeds
// itself with crypto.getRandomValues) in global scope: the Go instance is
// started inside the first request and then reused by every later one. A
// start that fails is answered 500, with the reason, on that request and
// every later one, until the isolate is replaced; the failure is never
// swallowed into a worker that looks healthy.
//
// What global scope can do is warm the module up (warmup.mjs): run a
// throwaway instance through typical requests, so that V8 compiles the
// functions they call while workerd loads the worker, rather than one by
// one inside the first request (V8 compiles WebAssembly lazily; the
// machine code belongs to the module and serves every instance). The
// instance is then dropped: it never serves a request. This moves work
// from the first request to loading: a request that arrives once the
// worker is loaded is answered about 3x sooner, one that arrives while it
// loads waits longer (test/cold.mjs measures both); so each deployment
// chooses (settings.mjs: on under local workerd, off on Cloudflare).
//
// Optional bindings (wrangler.toml [vars], or config.capnp bindings):
//   NORMS_CORS_ORIGIN      "*" or one origin allowed to call from browsers
//   NORMS_MAX_BODY_BYTES   the body limit (default 5000000)
//   NORMS_NAMED_NORMS      a JSON object {"name": "norms text", ...} of norms
//                          bound by name ({"norms_name": "name"} in requests)

import "./dist/wasm_exec.js"; // defines globalThis.Go
import mod from "./dist/norms.wasm"; // a compiled WebAssembly.Module
import { warmUp } from "./warmup.mjs";
import { WARM_UP_AT_LOAD } from "./settings.mjs";

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8" };

// The one Go instance of this isolate, {api, instance, limit}, made by the
// first request; or the error that kept it from starting.
let go = null;
let startError = null; // the message of the 500 answered to every request

// start instantiates the module and runs Go, synchronously: the module is
// already compiled (workerd compiles it when it loads the worker), new
// WebAssembly.Instance needs no turn of the event loop, and Go.run
// executes init() and main() up to main's select{} before it returns its
// promise, so __normsAPI is set once it has been called. Nothing here
// waits on a promise or a timer: the first request pays for exactly the
// work of starting Go, and no more.
function start(env) {
  const g = new globalThis.Go();
  const instance = new WebAssembly.Instance(mod, g.importObject);
  g.run(instance).then(() => {
    // The Go program ended (it never should): start a fresh one next time.
    go = null;
  });
  const api = globalThis.__normsAPI;
  if (!api || typeof api.handle !== "function") {
    throw new Error("norms.wasm did not set globalThis.__normsAPI (was it built from ./wasm with httpapi.go?)");
  }
  const options = {};
  if (env && env.NORMS_CORS_ORIGIN) options.cors_origin = String(env.NORMS_CORS_ORIGIN);
  if (env && env.NORMS_MAX_BODY_BYTES) options.max_body_bytes = Number(env.NORMS_MAX_BODY_BYTES);
  if (env && env.NORMS_NAMED_NORMS) {
    options.named_norms =
      typeof env.NORMS_NAMED_NORMS === "string" ? JSON.parse(env.NORMS_NAMED_NORMS) : env.NORMS_NAMED_NORMS;
  }
  // An object, read field by field in Go: no JSON to parse at start.
  const conf = api.configure(options);
  if (!conf.ok) throw new Error("configuring the API: " + conf.error);
  return { api, instance, limit: conf.max_body_bytes };
}

if (WARM_UP_AT_LOAD) {
  try {
    warmUp(mod);
  } catch (err) {
    console.warn("norms worker: the warm-up failed (the first request will be slower): " + (err && err.message ? err.message : String(err)));
  }
}

function errorResponse(status, message) {
  return new Response(JSON.stringify({ error: message }) + "\n", { status, headers: JSON_HEADERS });
}

// readBody reads the body: in one read when its Content-Length (within the
// limit) is known, as almost every request's is; else chunk by chunk, at
// most limit+1 bytes: enough to tell that it is too long, without ever
// holding a 50 MB upload. The bytes go to Go as they are (a Uint8Array),
// never through a string.
async function readBody(request, limit, declared) {
  if (!request.body) return EMPTY;
  if (Number.isFinite(declared)) return new Uint8Array(await request.arrayBuffer());
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      break;
    }
  }
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

const EMPTY = new Uint8Array(0);

const decoder = new TextDecoder();

// The answers' headers, parsed once per distinct text: Go writes the same
// text for the same headers (keys sorted), and there are a handful (JSON
// answers, with or without CORS, the Allow of a 405 or a preflight).
const headerCache = new Map();
function headersOf(text) {
  let h = headerCache.get(text);
  if (h === undefined) {
    if (headerCache.size >= 64) headerCache.clear(); // a bound, never reached in practice
    h = JSON.parse(text);
    headerCache.set(text, h);
  }
  return h;
}

export default {
  async fetch(request, env) {
    if (go === null) {
      if (startError !== null) return errorResponse(500, startError);
      try {
        go = start(env);
      } catch (err) {
        // Kept: later requests get the same 500 rather than a retry loop
        // that would hide a broken deployment.
        startError = "the Norms engine could not start: " + (err && err.message ? err.message : String(err));
        return errorResponse(500, startError);
      }
    }
    const url = new URL(request.url);
    // Go reads one header, Content-Length: only its value is passed.
    let cl = request.headers.get("content-length");
    const declared = cl === null ? null : Number(cl);
    // A body declared too long is not read at all: Handle answers 413 from
    // the Content-Length header alone. One found too long while reading (a
    // chunked upload) is not handed to Go either: its length, as far as it
    // was read, is enough for the 413, and Go's heap never holds it.
    let body = declared > go.limit ? EMPTY : await readBody(request, go.limit, declared);
    if (body.byteLength > go.limit) {
      cl = String(body.byteLength);
      body = EMPTY;
    }
    let answer;
    try {
      answer = go.api.handle(request.method, url.pathname, body, cl);
    } catch (err) {
      return errorResponse(500, "internal error in the Norms engine: " + (err && err.message ? err.message : String(err)));
    }
    let out = answer.body; // a Uint8Array
    if (url.pathname === "/v1/health" && answer.status === 200) {
      // The isolate's view of memory: the module's linear memory, which Go
      // grows and never shrinks, beside Go's own figures.
      const h = JSON.parse(decoder.decode(out));
      h.wasm_memory_bytes = go.instance.exports.mem.buffer.byteLength;
      out = JSON.stringify(h) + "\n";
    }
    const noBody = answer.status === 204 || answer.status === 304 || request.method === "HEAD";
    return new Response(noBody ? null : out, { status: answer.status, headers: headersOf(answer.headers) });
  },
};
