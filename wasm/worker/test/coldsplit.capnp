# coldsplit.capnp: runs test/coldsplit-worker.mjs, the cold start taken
# apart phase by phase (test/cold.mjs starts it; see test.sh). The same
# modules as ../config.capnp, under the same names.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "split", worker = .splitWorker)],
  sockets = [(name = "http", address = "127.0.0.1:8788", http = (), service = "split")],
);

const splitWorker :Workerd.Worker = (
  modules = [
    (name = "coldsplit-worker.mjs", esModule = embed "coldsplit-worker.mjs"),
    (name = "warmup.mjs", esModule = embed "../warmup.mjs"),
    (name = "dist/wasm_exec.js", esModule = embed "../dist/wasm_exec.js"),
    (name = "dist/norms.wasm", wasm = embed "../dist/norms.wasm"),
  ],
  compatibilityDate = "2025-09-01",
);
