// phases.mjs: the worker's Go side alone, in Node (no workerd, no HTTP):
// the phases of a cold start (compile the module, instantiate it, Go.run
// until __normsAPI is set, configure, the first /v1/grade) and the warm
// cost of one __normsAPI.handle call, for /v1/health and for the load
// test's /v1/grade. test.sh prints it beside the load test, so what the
// worker adds around Go (workerd, HTTP, worker.mjs) is the difference.
// Node compiles wasm lazily as workerd does, but its V8 and flags are its
// own: the figures are a guide, not workerd's. Reported, never enforced.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { webcrypto } from "node:crypto";
import { class30x40, root } from "./helpers.mjs";

globalThis.crypto ??= webcrypto;
const dist = join(root, "wasm", "worker", "dist");
await import(join(dist, "wasm_exec.js"));

const N = Number(process.env.PHASES_N || 1000);
const pct = (a, p) => a[Math.min(a.length - 1, Math.floor((p / 100) * a.length))];
const ms = (t) => t.toFixed(1) + " ms";

const t0 = performance.now();
const mod = await WebAssembly.compile(readFileSync(join(dist, "norms.wasm")));
const t1 = performance.now();
const go = new globalThis.Go();
const instance = new WebAssembly.Instance(mod, go.importObject);
const t2 = performance.now();
go.run(instance);
const t3 = performance.now();
const api = globalThis.__normsAPI;
const conf = api.configure({});
const t4 = performance.now();
const norms = readFileSync(join(root, "engine", "starter", "norms.yaml"), "utf8");
const body = new TextEncoder().encode(JSON.stringify({ norms, gradebook: class30x40() }));
const headers = String(body.byteLength); // the Content-Length, as worker.mjs passes it
const first = api.handle("POST", "/v1/grade", body, headers);
const t5 = performance.now();
if (!conf.ok || first.status !== 200) {
  console.log(`phases: configure ${JSON.stringify(conf)}, first grade ${first.status} ${new TextDecoder().decode(first.body).slice(0, 300)}`);
  process.exit(1);
}
console.log(
  `phases (Node, Go alone): compile ${ms(t1 - t0)} (workerd: at load), instantiate ${ms(t2 - t1)}, ` +
    `Go.run ${ms(t3 - t2)}, configure ${ms(t4 - t3)}, first /v1/grade ${ms(t5 - t4)}; first request's share ${ms(t5 - t1)}`,
);
const none = new Uint8Array(0);
for (const [name, call] of [
  ["/v1/health", () => api.handle("GET", "/v1/health", none, null)],
  ["/v1/grade (30 x 40)", () => api.handle("POST", "/v1/grade", body, headers)],
]) {
  for (let i = 0; i < 200; i++) call();
  const t = [];
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    call();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  console.log(`  warm __normsAPI.handle ${name}, ${N} calls: p50 ${pct(t, 50).toFixed(2)} ms, p99 ${pct(t, 99).toFixed(2)} ms`);
}
console.log(`  wasm memory after: ${(instance.exports.mem.buffer.byteLength / 1048576).toFixed(1)} MiB`);
process.exit(0);
