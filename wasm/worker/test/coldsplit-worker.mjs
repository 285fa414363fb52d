// coldsplit-worker.mjs: a test worker (never deployed) that takes the
// worker's cold start apart inside workerd. Each phase of start() in
// worker.mjs runs on a request of its own, so coldsplit.mjs can time each
// from outside: workerd freezes the clock a worker sees while it computes
// (Date.now and performance.now only move on I/O), so a worker cannot time
// itself. The phases, in the order worker.mjs runs them:
//
//   GET /noop         nothing (the round trip the other times include)
//   GET /warmup       warmup.mjs's warm-up, which worker.mjs runs in
//                     global scope (here on a request, to be timed)
//   GET /instantiate  new WebAssembly.Instance of the compiled module
//   GET /run          Go.run: the Go runtime and every package's init
//   GET /configure    __normsAPI.configure({})
//   any other         __normsAPI.handle, as worker.mjs calls it
import "./dist/wasm_exec.js";
import mod from "./dist/norms.wasm";
import { warmUp } from "./warmup.mjs";

let g = null;
let instance = null;
let api = null;

export default {
  async fetch(request) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/noop":
        return new Response("ok\n");
      case "/warmup":
        warmUp(mod);
        return new Response("ok\n");
      case "/instantiate":
        g = new globalThis.Go();
        instance = new WebAssembly.Instance(mod, g.importObject);
        return new Response("ok\n");
      case "/run":
        g.run(instance);
        api = globalThis.__normsAPI;
        return new Response("ok\n");
      case "/configure": {
        const conf = api.configure({});
        return new Response(JSON.stringify(conf) + "\n", { status: conf.ok ? 200 : 500 });
      }
    }
    const body = new Uint8Array(await request.arrayBuffer());
    const answer = api.handle(request.method, url.pathname, body, request.headers.get("content-length"));
    return new Response(answer.body, { status: answer.status, headers: JSON.parse(answer.headers) });
  },
};
