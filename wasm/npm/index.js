// @teamnorms/norms: the Norms rules engine in the browser, Node 20 and
// module workers. The engine is the Go engine of the CLI compiled to
// WebAssembly (dist/norms.wasm, built by wasm/build.sh); this file only
// loads it and turns its JSON answers into objects and errors. Every grading
// rule is in the engine, so a grade here is the CLI's grade to the last
// digit. Decimals (percents, finals, points) are strings, never numbers: a
// JavaScript number cannot hold the engine's 19 significant digits.

import './dist/wasm_exec.js'; // defines globalThis.Go

/** A problem in a norms file, gradebook or log: the engine's Diagnostic. */
export class NormsError extends Error {
  constructor(diagnostics, what = 'Norms') {
    const errors = diagnostics.filter((d) => d.severity !== 'warning');
    const shown = (errors.length ? errors : diagnostics).map(formatDiagnostic);
    super(`${what}: ${shown.length ? shown.join('\n') : 'failed'}`);
    this.name = 'NormsError';
    /** Every diagnostic, errors and warnings, sorted by position. */
    this.diagnostics = diagnostics;
  }
}

/**
 * Formats a diagnostic as the CLI prints it: file:line:col: message [code],
 * then the source line with a caret under the column.
 */
export function formatDiagnostic(d) {
  let s = '';
  if (d.file) s += d.file + ':';
  if (d.line) s += `${d.line}:${d.column ?? 0}:`;
  if (s) s += ' ';
  if (d.severity === 'warning') s += 'warning: ';
  s += d.message;
  if (d.code) s += ` [${d.code}]`;
  if (d.snippet) s += '\n' + d.snippet;
  return s;
}

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';

let loading = null; // Promise of the module, once asked for
let mod = null; // {bridge, instance, exited}

// timings of the module's start, in milliseconds (see startTimings).
let timings = null;

// compile turns what init was given into a WebAssembly.Module. In a page
// the module is compiled while it downloads (compileStreaming, which needs
// the server to send Content-Type: application/wasm).
async function compile(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  const url = new URL(source ?? './dist/norms.wasm', import.meta.url);
  if (isNode && url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return WebAssembly.compile(await readFile(url));
  }
  const response = fetch(url);
  if (WebAssembly.compileStreaming) {
    try {
      return await WebAssembly.compileStreaming(response);
    } catch (e) {
      // A server that does not send application/wasm: compile from bytes.
      if (!(e instanceof TypeError)) throw e;
      return WebAssembly.compile(await (await fetch(url)).arrayBuffer());
    }
  }
  return WebAssembly.compile(await (await response).arrayBuffer());
}

async function instantiate(source) {
  if (typeof globalThis.Go !== 'function') {
    throw new Error('@teamnorms/norms: dist/wasm_exec.js did not load; run wasm/build.sh');
  }
  const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
  const t0 = now();
  const module = await compile(source);
  const t1 = now();
  const go = new globalThis.Go();
  const instance = await WebAssembly.instantiate(module, go.importObject);
  const t2 = now();
  const m = { bridge: null, instance, exited: false };
  // run() returns at once: Go's main registers globalThis.__norms and then
  // waits for calls. Its promise settles only if the Go program exits.
  go.run(instance).then(() => { m.exited = true; });
  const t3 = now();
  m.bridge = globalThis.__norms;
  if (!m.bridge) throw new Error('@teamnorms/norms: the module did not register globalThis.__norms');
  timings = { compileMs: t1 - t0, instantiateMs: t2 - t1, runMs: t3 - t2, totalMs: t3 - t0 };
  return m;
}

/**
 * Where the module's start went, in milliseconds, once loaded: compileMs
 * (fetching and compiling, overlapped when streamed), instantiateMs,
 * runMs (the Go runtime's start and package initialisation, up to main
 * waiting for calls), totalMs. Null before the module is loaded.
 */
export function startTimings() {
  return timings && { ...timings };
}

/**
 * Loads the WebAssembly module, once. Norms.load and Norms.check call it;
 * call it yourself to load early or from elsewhere: `wasm` is a URL (string
 * or URL, relative to this file), the module's bytes, or a compiled
 * WebAssembly.Module (edge workers that forbid compiling from bytes).
 */
export async function init({ wasm } = {}) {
  if (!loading) {
    loading = instantiate(wasm).then((m) => (mod = m), (e) => { loading = null; throw e; });
  }
  return loading;
}

// call runs one function of the module and parses its JSON answer.
function call(name, ...args) {
  if (!mod) throw new Error('@teamnorms/norms: not loaded; await Norms.load(...) or init() first');
  if (mod.exited) throw new NormsError([{ code: 'wasm/exited', severity: 'error', message: 'the Norms module stopped; reload the page' }]);
  return JSON.parse(mod.bridge[name](...args));
}

/** Size of the module's linear memory in bytes (it grows, never shrinks). */
export function memoryBytes() {
  return mod ? mod.instance.exports.mem.buffer.byteLength : 0;
}

/** What this build of the module can do: Go version, gradebook formats. */
export function version() {
  return call('version');
}

/**
 * The starter norms and sample gradebook that `norms init` writes, from the
 * module itself: {norms, gradebook} (YAML and CSV text).
 */
export async function starter({ wasm } = {}) {
  await init({ wasm });
  const r = call('starter');
  return { norms: r.norms, gradebook: r.gradebook };
}

// data turns a gradebook or log given by the caller into what the module
// reads: text (CSV or JSON), bytes, or an object (sent as JSON).
function data(input, format) {
  if (typeof input === 'string') return [input, format ?? ''];
  if (input instanceof ArrayBuffer) return [new Uint8Array(input), format ?? ''];
  if (ArrayBuffer.isView(input)) return [new Uint8Array(input.buffer, input.byteOffset, input.byteLength), format ?? ''];
  if (input && typeof input === 'object') return [JSON.stringify(input), 'json'];
  throw new TypeError('a gradebook or log is CSV or JSON text, bytes, or an object in the documented JSON form');
}

// Programs are released when their Norms object is collected, in case the
// caller forgets close().
const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((handle) => { if (mod && !mod.exited) mod.bridge.release(handle); })
  : null;

/**
 * A norms file compiled for use. Load one with `await Norms.load(text)`;
 * then grade, explain, test and conduct run synchronously.
 */
export class Norms {
  #handle;
  #diagnostics;

  constructor(answer) {
    if (!answer || typeof answer.handle !== 'number') throw new TypeError('use Norms.load(text)');
    this.#handle = answer.handle;
    this.#diagnostics = answer.diagnostics;
    /** The team's name, from the norms file. */
    this.team = answer.team;
    /** calendar.date_format ("mdy" or "dmy"), used to read log dates. */
    this.dateFormat = answer.date_format;
    registry?.register(this, answer.handle, this);
  }

  /**
   * Loads the module if needed and compiles a norms file (YAML or JSON).
   * Throws a NormsError carrying every problem when the file has errors.
   * `file` names the file in diagnostics (default norms.yaml).
   */
  static async load(text, { file = '', wasm } = {}) {
    await init({ wasm });
    const r = call('compile', String(text), file);
    if (!r.ok) throw new NormsError(r.diagnostics, 'the norms file has problems');
    return new Norms(r);
  }

  /**
   * Checks a norms file without keeping it: {ok, diagnostics}, every
   * problem (errors and warnings) with its line and column. Never throws
   * for a problem in the file.
   */
  static async check(text, { file = '', wasm } = {}) {
    await init({ wasm });
    return call('check', String(text), file);
  }

  /** The warnings found when the norms were compiled: {ok: true, diagnostics}. */
  check() {
    return { ok: true, diagnostics: this.#diagnostics };
  }

  /**
   * Runs the norms' examples (grading and conduct), as `norms test` does:
   * {ok, passed, failed, examples, diagnostics}; ok is false when one fails.
   */
  test() {
    const r = this.#must(call('runExamples', this.#h()), 'examples');
    return { ok: r.failed === 0, passed: r.passed, failed: r.failed, examples: r.examples ?? [], diagnostics: this.#diagnostics };
  }

  /**
   * Grades every student of a gradebook in one call: CSV text, JSON text,
   * or an object in the documented JSON form. Returns the engine's report,
   * plus `diagnostics` (warnings about the gradebook). Throws a NormsError
   * when the gradebook has errors.
   */
  grade(book, { format, file = '' } = {}) {
    const [d, f] = data(book, format);
    const r = this.#must(call('grade', this.#h(), d, f, file), 'the gradebook has problems');
    // timing (microseconds reading the book and grading it, measured in
    // the module) is not enumerable: it is not part of the report.
    return Object.defineProperty(Object.assign(r.report, { diagnostics: r.diagnostics }), 'timing', { value: r.timing });
  }

  /**
   * Explains one student's grade (by ID, or name ignoring case), step by
   * step: the engine's explanation, plus `text` (what the CLI prints).
   */
  explain(book, student, { format, file = '' } = {}) {
    const [d, f] = data(book, format);
    const r = this.#must(call('explain', this.#h(), d, f, file, String(student)), 'cannot explain');
    return Object.assign(r.explanation, { text: r.text, diagnostics: r.diagnostics });
  }

  /**
   * Applies the conduct norms to an incident log (CSV or JSON text, or an
   * object {incidents: [...]}). asOf ("today", the engine never reads the
   * clock) adds each student's standing; student keeps one student.
   */
  conduct(log, { asOf, student, format, file = '' } = {}) {
    const [d, f] = data(log, format);
    const opts = JSON.stringify({ as_of: asOf ?? undefined, student: student ?? undefined });
    const r = this.#must(call('conduct', this.#h(), d, f, file, opts), 'the conduct log has problems');
    return Object.assign(r.report, { diagnostics: r.diagnostics });
  }

  /** Frees the compiled norms in the module; the object is unusable after. */
  close() {
    if (this.#handle === undefined) return;
    registry?.unregister(this);
    if (mod && !mod.exited) call('release', this.#handle);
    this.#handle = undefined;
  }

  #h() {
    if (this.#handle === undefined) throw new Error('these norms were closed');
    return this.#handle;
  }

  #must(r, what) {
    if (!r.ok) throw new NormsError(r.diagnostics, what);
    return r;
  }
}

/**
 * Rounds a decimal string to `places` decimals, half up (away from zero),
 * exactly, on the digits: "82.72727" -> "82.73", "89.5" with 0 places ->
 * "90". Trailing zeros are dropped, as the engine writes decimals. For
 * showing the engine's exact percents; never goes through a float.
 */
export function roundDecimal(s, places = 2) {
  let t = String(s).trim();
  let neg = false;
  if (t[0] === '-' || t[0] === '+') { neg = t[0] === '-'; t = t.slice(1); }
  if (!/^\d*(\.\d*)?$/.test(t) || t === '' || t === '.') throw new TypeError(`not a decimal: ${s}`);
  let [whole, frac = ''] = t.split('.');
  frac = frac.padEnd(places + 1, '0');
  const up = frac[places] >= '5';
  // Digits kept, as one integer string, then add one unit in the last place.
  let digits = ((whole || '0') + frac.slice(0, places)).split('').map(Number);
  if (up) {
    let i = digits.length - 1;
    while (i >= 0 && digits[i] === 9) { digits[i] = 0; i--; }
    if (i < 0) digits.unshift(1); else digits[i]++;
  }
  const str = digits.join('');
  const ip = str.slice(0, str.length - places) || '0';
  const fp = places > 0 ? str.slice(str.length - places) : '';
  return normalizeDecimal((neg ? '-' : '') + ip + (fp ? '.' + fp : ''));
}

/** Writes a decimal string as the engine does: no leading or trailing zeros, no "-0". */
export function normalizeDecimal(s) {
  let t = String(s).trim();
  let neg = false;
  if (t[0] === '-' || t[0] === '+') { neg = t[0] === '-'; t = t.slice(1); }
  let [whole, frac = ''] = t.split('.');
  whole = whole.replace(/^0+(?=\d)/, '') || '0';
  frac = frac.replace(/0+$/, '');
  const out = frac ? `${whole}.${frac}` : whole;
  return neg && /[1-9]/.test(out) ? '-' + out : out;
}

export default Norms;
