# config.capnp: runs the worker locally with workerd (the runtime of
# Cloudflare Workers, npm package "workerd", pinned in package.json):
#
#   ./build.sh                                    # dist/norms.wasm, dist/wasm_exec.js
#   npx workerd serve config.capnp                # http://127.0.0.1:8787/v1/health
#   npx workerd serve config.capnp --socket-addr http=127.0.0.1:9000
#
# The module names match the imports of worker.mjs ("./dist/..."), so the
# same worker.mjs runs here and under `npx wrangler deploy` (wrangler.toml).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "norms", worker = .normsWorker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "norms")],
);

const normsWorker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "warmup.mjs", esModule = embed "warmup.mjs"),
    # Not settings.mjs (what wrangler deploys): workerd loads the worker
    # when it starts, before its first request, so the warm-up pays here.
    (name = "settings.mjs", esModule = "export const WARM_UP_AT_LOAD = true;"),
    # Go's JS glue, imported for its side effect (it defines globalThis.Go).
    (name = "dist/wasm_exec.js", esModule = embed "dist/wasm_exec.js"),
    (name = "dist/norms.wasm", wasm = embed "dist/norms.wasm"),
  ],
  compatibilityDate = "2025-09-01",
  # Optional settings, as in wrangler.toml [vars]; see worker.mjs.
  # bindings = [(name = "NORMS_CORS_ORIGIN", text = "*")],
);
