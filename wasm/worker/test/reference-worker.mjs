// reference-worker.mjs: the yardstick of test/cold.mjs, a worker around "a
// bare expr module" (wasm/internal/bareexpr: expr behind one function, the
// module the edge issue's cold-start figure was taken with). It starts Go
// inside the first request, as worker.mjs does (workerd forbids it in
// global scope), with no warm-up, and answers every request with the value
// of `x + 1` (2), so the request costs what starting Go and one expression
// cost, and nothing of Norms.
import "./dist/wasm_exec.js";
import mod from "./dist/reference-expr.wasm";

let started = false;

export default {
  async fetch(request) {
    if (!started) {
      const g = new globalThis.Go();
      g.run(new WebAssembly.Instance(mod, g.importObject));
      started = true;
    }
    await request.arrayBuffer();
    return new Response(String(globalThis.__bareExpr("x + 1")));
  },
};
