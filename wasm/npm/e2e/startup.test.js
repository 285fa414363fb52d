// Start-up of the engine module in headless Chromium, beside the yardstick
// the browser issue measures against: "a bare expr module" (expr behind one
// function, wasm/internal/bareexpr), built and timed here in the same run,
// so our figure can be read against the ("about 155 ms" for the
// bare module, a goal of 200 ms for ours) on whatever machine runs it.
//
// Each run is a fresh browser (V8 keeps compiled modules per process, so a
// second compile of the same bytes in one browser is not a cold start).
// Phases, in the page: download (fetch to ArrayBuffer, from the test's
// server on 127.0.0.1), compile (WebAssembly.compile of the bytes),
// instantiate, and Go's start (runtime, package init and main, up to the
// module's global being set). Figures are printed, never asserted: the
// machine is shared. What is asserted is that each module started and
// answered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../test/helpers.js';
import { serve, launch } from './harness.js';

const RUNS = Number(process.env.STARTUP_RUNS || 5);
const dist = join(root, 'wasm', 'npm', 'dist');
let server, origin;

before(async () => {
  execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', join(dist, 'reference-expr.wasm'), './wasm/internal/bareexpr'], {
    cwd: root, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' }, stdio: 'inherit',
  });
  ({ server, origin } = await serve());
});

after(() => server?.close());

// startOnce loads file in a fresh browser and returns its phases in ms.
async function startOnce(file, global) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/npm/dist/`); // any page of the origin (a 404 will do): no app.js, no module loading of its own
    await page.addScriptTag({ url: '/npm/dist/wasm_exec.js' });
    return await page.evaluate(async ({ file, global }) => {
      let t = performance.now();
      const bytes = await (await fetch(`/npm/dist/${file}`)).arrayBuffer();
      const download = performance.now() - t;
      t = performance.now();
      const module = await WebAssembly.compile(bytes);
      const compile = performance.now() - t;
      t = performance.now();
      const go = new Go();
      const instance = await WebAssembly.instantiate(module, go.importObject);
      const instantiate = performance.now() - t;
      t = performance.now();
      go.run(instance);
      const run = performance.now() - t;
      // The first call, timed too: work a package does lazily instead of at
      // init (third_party/*/PATCHES.md) lands here, so it is shown, not hidden.
      const api = globalThis[global];
      let answer;
      t = performance.now();
      if (global === '__bareExpr') {
        answer = api('x + 1');
      } else {
        const starter = JSON.parse(api.starter());
        answer = JSON.parse(api.compile(starter.norms)).ok && typeof api.grade;
      }
      const first = performance.now() - t;
      return { download, compile, instantiate, run, first, answer };
    }, { file, global });
  } finally {
    await browser.close();
  }
}

test('start-up in Chromium: norms.wasm beside a bare expr module', async () => {
  const modules = [
    { name: 'norms.wasm', file: 'norms.wasm', global: '__norms', answer: 'function', first: 'compile of the starter norms' },
    { name: 'bare expr (reference)', file: 'reference-expr.wasm', global: '__bareExpr', answer: 2, first: 'x + 1' },
  ];
  for (const m of modules) m.runs = [];
  for (let i = 0; i < RUNS; i++) {
    for (const m of modules) {
      const r = await startOnce(m.file, m.global);
      assert.equal(r.answer, m.answer, `${m.file} started and answered`);
      m.runs.push(r);
    }
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = (x) => `${x.toFixed(0)} ms`;
  for (const m of modules) {
    const p = (k) => median(m.runs.map((r) => r[k]));
    m.start = median(m.runs.map((r) => r.compile + r.instantiate + r.run));
    const mb = (statSync(join(dist, m.file)).size / 1e6).toFixed(2);
    console.log(`chromium start-up, ${m.name} (${mb} MB), median of ${RUNS} fresh browsers: compile ${ms(p('compile'))}, instantiate ${ms(p('instantiate'))}, Go start ${ms(p('run'))}: ${ms(m.start)} from the bytes; download from 127.0.0.1 ${ms(p('download'))}; then the first call (${m.first}) ${ms(p('first'))}`);
  }
  const ratio = modules[0].start / modules[1].start;
  console.log(`chromium start-up: norms.wasm takes ${ratio.toFixed(2)}x the bare expr module's time; the issue's goal (200 ms against its 155 ms for the bare module) is 1.29x: ${ratio <= 200 / 155 ? 'met' : 'NOT met'} on this run`);
});
