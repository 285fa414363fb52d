// warmup.mjs: warms the worker's WebAssembly module up, in global scope,
// for worker.mjs (and test/coldsplit-worker.mjs, which times it).
//
// warmUp runs a throwaway Go instance through __normsAPI.warmUp (two
// gradings of the starter norms, wasm/httpapi.go) and drops it. Global
// scope allows neither random values nor timers, and its clock stands at
// zero, which Go's runtime refuses; so this instance gets zeros for its
// random seed (it serves no request, so nothing depends on it), timers
// that never fire (nothing it runs waits on one) and a clock that moves a
// microsecond per reading. It throws on any failure, which costs only the
// speed-up: worker.mjs logs it, and the first request starts Go as it
// would have anyway.
export function warmUp(mod) {
  const g = new globalThis.Go();
  const imports = g.importObject.gojs;
  imports["runtime.getRandomData"] = () => {};
  imports["runtime.scheduleTimeoutEvent"] = () => {};
  imports["runtime.clearTimeoutEvent"] = () => {};
  let now = 1e9; // nanoseconds
  imports["runtime.nanotime1"] = (sp) => {
    sp >>>= 0;
    now += 1000;
    g.mem.setUint32(sp + 8, now % 4294967296, true);
    g.mem.setUint32(sp + 12, Math.floor(now / 4294967296), true);
  };
  g.run(new WebAssembly.Instance(mod, g.importObject));
  const api = globalThis.__normsAPI;
  // Nothing may reach this instance once warmUp returns.
  globalThis.__normsAPI = undefined;
  globalThis.__norms = undefined;
  const statuses = api.warmUp();
  if (String(statuses) !== "200,200") throw new Error("the warm-up requests were answered " + String(statuses));
}

