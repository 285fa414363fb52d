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
// Optional bindings (wrangler.toml [vars], or config.capnp bindings):
//   NORMS_CORS_ORIGIN      "*" or one origin allowed to call from browsers
//   NORMS_MAX_BODY_BYTES   the body limit (default 5000000)
//   NORMS_NAMED_NORMS      a JSON object {"name": "norms text", ...} of norms
//                          bound by name ({"norms_name": "name"} in requests)

import "./dist/wasm_exec.js"; // defines globalThis.Go
import mod from "./dist/norms.wasm"; // a compiled WebAssembly.Module

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8" };

// The one Go instance of this isolate: a promise of {api, instance, limit}.
let starting = null;

async function start(env) {
  const go = new globalThis.Go();
  const instance = await WebAssembly.instantiate(mod, go.importObject);
  // run() executes init() and main() up to main's select{} before it
  // returns its promise, so __normsAPI is set once it has been called.
  const exited = go.run(instance);
  exited.then(() => {
    // The Go program ended (it never should): start a fresh one next time.
    starting = null;
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
  const conf = api.configure(JSON.stringify(options));
  if (!conf.ok) throw new Error("configuring the API: " + conf.error);
  return { api, instance, limit: conf.max_body_bytes };
}

function errorResponse(status, message) {
  return new Response(JSON.stringify({ error: message }) + "\n", { status, headers: JSON_HEADERS });
}

// readBody reads at most limit+1 bytes of the body: enough to tell that it
// is too long, without ever holding a 50 MB upload. The bytes go to Go as
// they are (a Uint8Array), never through a string.
async function readBody(request, limit) {
  if (!request.body) return EMPTY;
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
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

const EMPTY = new Uint8Array(0);

export default {
  async fetch(request, env) {
    let go;
    try {
      starting ??= start(env);
      go = await starting;
    } catch (err) {
      // Kept: later requests get the same 500 rather than a retry loop
      // that would hide a broken deployment.
      return errorResponse(500, "the Norms engine could not start: " + (err && err.message ? err.message : String(err)));
    }
    const url = new URL(request.url);
    const headers = Object.fromEntries(request.headers);
    const length = Number(request.headers.get("content-length") ?? "0");
    // A body declared too long is not read at all: Handle answers 413 from
    // the Content-Length header alone. One found too long while reading (a
    // chunked upload) is not handed to Go either: its length, as far as it
    // was read, is enough for the 413, and Go's heap never holds it.
    let body = length > go.limit ? EMPTY : await readBody(request, go.limit);
    if (body.byteLength > go.limit) {
      headers["content-length"] = String(body.byteLength);
      body = EMPTY;
    }
    let answer;
    try {
      answer = go.api.handle(request.method, url.pathname, body, JSON.stringify(headers));
    } catch (err) {
      return errorResponse(500, "internal error in the Norms engine: " + (err && err.message ? err.message : String(err)));
    }
    let text = answer.body;
    if (url.pathname === "/v1/health" && answer.status === 200) {
      // The isolate's view of memory: the module's linear memory, which Go
      // grows and never shrinks, beside Go's own figures.
      const h = JSON.parse(text);
      h.wasm_memory_bytes = go.instance.exports.mem.buffer.byteLength;
      text = JSON.stringify(h) + "\n";
    }
    const noBody = answer.status === 204 || answer.status === 304 || request.method === "HEAD";
    return new Response(noBody ? null : text, { status: answer.status, headers: JSON.parse(answer.headers) });
  },
};
