# reference.capnp: runs test/reference-worker.mjs, the bare expr module
# that test/cold.mjs times beside the worker (it builds
# ../dist/reference-expr.wasm first).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "reference", worker = .referenceWorker)],
  sockets = [(name = "http", address = "127.0.0.1:8789", http = (), service = "reference")],
);

const referenceWorker :Workerd.Worker = (
  modules = [
    (name = "reference-worker.mjs", esModule = embed "reference-worker.mjs"),
    (name = "dist/wasm_exec.js", esModule = embed "../dist/wasm_exec.js"),
    (name = "dist/reference-expr.wasm", wasm = embed "../dist/reference-expr.wasm"),
  ],
  compatibilityDate = "2025-09-01",
);
