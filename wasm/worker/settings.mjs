// settings.mjs: how worker.mjs starts, per deployment. This file is what
// `npx wrangler deploy` bundles; config.capnp (local workerd) gives the
// module of this name its own text instead.
//
// WARM_UP_AT_LOAD: warm the module up while the worker loads (warmup.mjs).
// It pays when the worker is loaded before its first request, as workerd
// loads it when it starts (test/cold.mjs: that first /v1/grade is answered
// in about a third of the time); it costs when a request is what loads
// the worker, as on Cloudflare, which loads a worker on demand (that
// request waits for the warm-up too, some 100-200 ms more on a 2-core
// machine). Off here, on in config.capnp.
export const WARM_UP_AT_LOAD = false;
