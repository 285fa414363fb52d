// @teamnorms/norms: the Norms rules engine in the browser, Node 20 and
// module workers. The engine is the Go engine of the CLI compiled to
// WebAssembly (dist/norms.wasm, built by wasm/build.sh, and
// dist/norms-xlsx.wasm, the same engine with the .xlsx reader and norms
// fill); this file only loads them and turns their JSON answers into
// objects and errors. Every grading
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

// The two builds of the module, from one Go source (wasm/build.sh): the
// engine alone, and the engine with package xlsx (reads and fills .xlsx
// workbooks; larger, so loaded only when asked for).
const modules = {
  engine: './dist/norms.wasm',
  xlsx: './dist/norms-xlsx.wasm',
};

// loaded[name] is {loading: Promise of the module, mod: the module once
// started}; a page may run both modules side by side.
const loaded = {};

function moduleName(module) {
  const name = module ?? 'engine';
  if (!Object.hasOwn(modules, name)) throw new TypeError(`module is 'engine' or 'xlsx', not ${JSON.stringify(module)}`);
  return name;
}

// compile turns what init was given into a WebAssembly.Module. In a page
// the module is compiled while it downloads (compileStreaming, which needs
// the server to send Content-Type: application/wasm).
async function compile(source, name) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  const url = new URL(source ?? modules[name], import.meta.url);
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

// now is a clock in milliseconds for the timings this package reports.
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

async function instantiate(source, name) {
  if (typeof globalThis.Go !== 'function') {
    throw new Error('@teamnorms/norms: dist/wasm_exec.js did not load; run wasm/build.sh');
  }
  const t0 = now();
  const module = await compile(source, name);
  const t1 = now();
  const go = new globalThis.Go();
  const instance = await WebAssembly.instantiate(module, go.importObject);
  const t2 = now();
  const m = { name, bridge: null, instance, exited: false };
  // run() returns at once: Go's main registers globalThis.__norms and then
  // waits for calls. Its promise settles only if the Go program exits.
  // Each module keeps its own bridge, taken at once, so a second module
  // registering __norms in turn changes nothing for the first.
  go.run(instance).then(() => { m.exited = true; });
  const t3 = now();
  m.bridge = globalThis.__norms;
  if (!m.bridge) throw new Error('@teamnorms/norms: the module did not register globalThis.__norms');
  m.timings = { compileMs: t1 - t0, instantiateMs: t2 - t1, runMs: t3 - t2, totalMs: t3 - t0 };
  return m;
}

/**
 * Where a module's start went, in milliseconds, once loaded: compileMs
 * (fetching and compiling, overlapped when streamed), instantiateMs,
 * runMs (the Go runtime's start and package initialisation, up to main
 * waiting for calls), totalMs. Of the module named ('engine' or 'xlsx'),
 * else the engine module, else the xlsx one; null before it is loaded.
 */
export function startTimings(module) {
  const t = current(module)?.timings;
  return t ? { ...t } : null;
}

/**
 * Loads a WebAssembly module, once. Norms.load and Norms.check call it;
 * call it yourself to load early or from elsewhere. `module` is 'engine'
 * (the default: CSV and JSON gradebooks) or 'xlsx' (also reads and fills
 * .xlsx workbooks; about twice the download). `wasm` is where that module
 * is: a URL (string or URL, relative to this file), its bytes, or a
 * compiled WebAssembly.Module (edge workers that forbid compiling from
 * bytes).
 */
export async function init({ wasm, module } = {}) {
  const name = moduleName(module);
  const slot = (loaded[name] ??= {});
  if (!slot.loading) {
    slot.loading = instantiate(wasm, name).then((m) => (slot.mod = m), (e) => { slot.loading = null; throw e; });
  }
  return slot.loading;
}

// current is the module calls without a Norms object go to: the one asked
// for, else the engine module if it is loaded, else the xlsx one.
function current(module) {
  if (module !== undefined) return loaded[moduleName(module)]?.mod;
  return loaded.engine?.mod ?? loaded.xlsx?.mod;
}

// call runs one function of a module and parses its JSON answer.
function call(m, name, ...args) {
  if (!m) throw new Error('@teamnorms/norms: not loaded; await Norms.load(...) or init() first');
  if (m.exited) throw new NormsError([{ code: 'wasm/exited', severity: 'error', message: 'the Norms module stopped; reload the page' }]);
  const answer = m.bridge[name](...args);
  // fill answers with an object (its bytes a Uint8Array); the others,
  // and any call that panicked, with JSON text.
  return typeof answer === 'string' ? JSON.parse(answer) : answer;
}

/**
 * Size of a module's linear memory in bytes (it grows, never shrinks):
 * the module named, else the engine module, else the xlsx one.
 */
export function memoryBytes(module) {
  const m = current(module);
  return m ? m.instance.exports.mem.buffer.byteLength : 0;
}

/**
 * What a build of the module can do: Go version, gradebook formats,
 * whether it fills workbooks. Of the module named, else as memoryBytes.
 */
export function version(module) {
  return call(current(module), 'version');
}

/**
 * The starter norms and sample gradebook that `norms init` writes, from the
 * module itself: {norms, gradebook} (YAML and CSV text).
 */
export async function starter({ wasm, module } = {}) {
  const m = await init({ wasm, module });
  const r = call(m, 'starter');
  return { norms: r.norms, gradebook: r.gradebook };
}

/**
 * Runs a loaded module once through the starter norms and sample gradebook
 * (compile, examples, grade, explain) and forgets them, so that the user's
 * first call does not wait for V8: it compiles each function of the module
 * the first time it runs, which made a first compile take about 0.5 s in
 * Chromium against 25-70 ms after. Call it when the page is idle after
 * init(); it takes about that long once, and returns its duration in ms.
 */
export async function warmUp({ wasm, module } = {}) {
  const t0 = now();
  const s = await starter({ wasm, module });
  const norms = await Norms.load(s.norms, { file: 'starter.yaml', wasm, module });
  try {
    norms.test();
    const report = norms.grade(s.gradebook, { format: 'csv' });
    norms.explain(s.gradebook, report.students[0].id, { format: 'csv' });
  } finally {
    norms.close();
  }
  return now() - t0;
}

// data turns a gradebook or log given by the caller into what the module
// reads: bytes, whether it came as text (CSV or JSON), bytes, or an object
// (sent as JSON).
function data(input, format) {
  if (typeof input === 'string') return [utf8(input), format ?? ''];
  if (input instanceof ArrayBuffer) return [new Uint8Array(input), format ?? ''];
  if (ArrayBuffer.isView(input)) return [new Uint8Array(input.buffer, input.byteOffset, input.byteLength), format ?? ''];
  if (input && typeof input === 'object') return [utf8(JSON.stringify(input)), 'json'];
  throw new TypeError('a gradebook or log is CSV or JSON text, bytes, or an object in the documented JSON form');
}

const encoder = new TextEncoder();

// utf8 is text as UTF-8 bytes, encoded into a buffer large enough for any
// text (3 bytes per UTF-16 unit at most). The module would otherwise take
// the string through TextEncoder.encode, which Chromium ran at about
// 60 MB/s on a 2 MB JSON gradebook (34 ms) against 7 ms for encodeInto.
function utf8(text) {
  const buf = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, buf);
  return buf.subarray(0, written);
}

// Programs are released when their Norms object is collected, in case the
// caller forgets close().
const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry(({ m, handle }) => { if (!m.exited) m.bridge.release(handle); })
  : null;

/**
 * A norms file compiled for use. Load one with `await Norms.load(text)`;
 * then grade, explain, test, conduct and fill run synchronously.
 */
export class Norms {
  #handle;
  #mod;
  #diagnostics;

  constructor(answer, m) {
    if (!answer || typeof answer.handle !== 'number' || !m) throw new TypeError('use Norms.load(text)');
    this.#handle = answer.handle;
    this.#mod = m;
    this.#diagnostics = answer.diagnostics;
    /** The team's name, from the norms file. */
    this.team = answer.team;
    /** calendar.date_format ("mdy" or "dmy"), used to read log dates. */
    this.dateFormat = answer.date_format;
    /** The module these norms were compiled in: 'engine' or 'xlsx'. */
    this.module = m.name;
    registry?.register(this, { m, handle: answer.handle }, this);
  }

  /**
   * Loads the module if needed and compiles a norms file (YAML or JSON).
   * Throws a NormsError carrying every problem when the file has errors.
   * `file` names the file in diagnostics and on the Norms sheet fill
   * writes (default norms.yaml). `module: 'xlsx'` compiles the norms in
   * the module that reads and fills .xlsx workbooks, loading it first.
   */
  static async load(text, { file = '', wasm, module } = {}) {
    const m = await init({ wasm, module });
    const r = call(m, 'compile', String(text), file);
    if (!r.ok) throw new NormsError(r.diagnostics, 'the norms file has problems');
    return new Norms(r, m);
  }

  /**
   * Checks a norms file without keeping it: {ok, diagnostics}, every
   * problem (errors and warnings) with its line and column. Never throws
   * for a problem in the file.
   */
  static async check(text, { file = '', wasm, module } = {}) {
    const m = await init({ wasm, module });
    return call(m, 'check', String(text), file);
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
    const r = this.#must(this.#call('runExamples', this.#h()), 'examples');
    return { ok: r.failed === 0, passed: r.passed, failed: r.failed, examples: r.examples ?? [], diagnostics: this.#diagnostics };
  }

  /**
   * Grades every student of a gradebook in one call: CSV text, JSON text,
   * or an object in the documented JSON form; with the xlsx module, also
   * an .xlsx workbook's bytes (format 'xlsx', guessed from the bytes).
   * Returns the engine's report, plus `diagnostics` (warnings about the
   * gradebook). Throws a NormsError when the gradebook has errors.
   */
  grade(book, { format, file = '' } = {}) {
    const [d, f] = data(book, format);
    const r = this.#must(this.#call('grade', this.#h(), d, f, file), 'the gradebook has problems');
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
    const r = this.#must(this.#call('explain', this.#h(), d, f, file, String(student)), 'cannot explain');
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
    const r = this.#must(this.#call('conduct', this.#h(), d, f, file, opts), 'the conduct log has problems');
    return Object.assign(r.report, { diagnostics: r.diagnostics });
  }

  /**
   * Fills an .xlsx workbook (its bytes) with the results, as `norms fill`
   * does: result columns beside the scores of every gradebook sheet, the
   * Norms sheet, consequences beside an Incidents sheet. Needs norms
   * loaded with `module: 'xlsx'`. Returns {bytes (the filled workbook, a
   * Uint8Array), sheets: [{name, report}], conduct, students, ungraded,
   * summary, streaming, diagnostics}. Throws a NormsError, each problem at
   * its cell ("Gradebook!D7"), when there is no workbook to give; students
   * who could not be graded are errors in diagnostics, counted by
   * ungraded, and the workbook holds everyone else's results.
   *
   * Options are those of norms fill: formulas, explain, date (YYYY-MM-DD,
   * default today on this computer's calendar), categoryMap
   * (['HW*=Homework', ...]), normsFile (the name on the Norms sheet,
   * default the file given to Norms.load).
   */
  fill(workbook, { file = '', formulas = false, explain = false, date, categoryMap = [], normsFile = '' } = {}) {
    if (typeof workbook === 'string') throw new TypeError('fill takes the bytes of an .xlsx workbook (a Uint8Array or an ArrayBuffer), not text');
    const [d] = data(workbook, 'xlsx');
    const opts = JSON.stringify({ formulas, explain, date: date ?? localDate(), category_map: categoryMap, norms_file: normsFile });
    const r = this.#must(this.#call('fill', this.#h(), d, file, opts), 'cannot fill the workbook');
    return {
      bytes: r.bytes, sheets: r.sheets, conduct: r.conduct ?? null, students: r.students, ungraded: r.ungraded,
      summary: r.summary, streaming: r.streaming, diagnostics: r.diagnostics,
    };
  }

  /**
   * Builds the team report of `norms report`: one self-contained HTML page
   * (grade distribution and category averages per section, intervention
   * groups, with a log the incidents per week and the students one
   * incident from a heavier consequence, with proposed norms what they
   * would change, the norms in words and their sha256). Needs norms
   * loaded with `module: 'xlsx'`.
   *
   * books are the sections, in order: each {name, text} or {name, bytes}
   * (a Uint8Array or ArrayBuffer: an .xlsx workbook, or a CSV or JSON file
   * as read from disk), with an optional format ('csv', 'json', 'xlsx';
   * by default chosen as the CLI does, from the name's extension, then
   * the content). A section is named by its book's name (by each sheet's
   * in a workbook of several). log is an incident log in the same form;
   * proposed a proposed norms file, {name, text}. date (YYYY-MM-DD, or as
   * the norms' date_format writes dates; default today on this computer's
   * calendar) is printed on the report and is the day of the conduct
   * standing, as --as-of. Returns {html, diagnostics (warnings)}; throws a
   * NormsError, each problem at its file, line and column as the CLI
   * prints it, when an input has errors.
   */
  report({ books, log, proposed, date } = {}) {
    if (!Array.isArray(books)) throw new TypeError('report takes {books: [{name, text or bytes}, ...]}');
    const files = [];
    const file = (f, what) => {
      if (f === undefined || f === null) return undefined;
      if (typeof f === 'string') return { name: '', text: f, format: '' };
      if (typeof f !== 'object') throw new TypeError(`${what} is {name, text} or {name, bytes}`);
      const out = { name: String(f.name ?? ''), format: String(f.format ?? '') };
      const content = f.bytes ?? f.text;
      if (typeof content === 'string') {
        out.text = content;
      } else if (content instanceof ArrayBuffer || ArrayBuffer.isView(content)) {
        // Bytes travel beside the JSON, named by their index: no base64.
        const [d] = data(content);
        out.data = files.push(d) - 1;
      } else {
        throw new TypeError(`${what} ${out.name} has no text or bytes`);
      }
      return out;
    };
    const input = {
      books: books.map((b, i) => file(b, `book ${i + 1}`)),
      log: file(log, 'log'),
      proposed: file(proposed, 'proposed'),
      date: date ?? localDate(),
    };
    const r = this.#must(this.#call('report', this.#h(), JSON.stringify(input), files), 'cannot build the team report');
    return { html: r.html, diagnostics: r.diagnostics };
  }

  /** Frees the compiled norms in the module; the object is unusable after. */
  close() {
    if (this.#handle === undefined) return;
    registry?.unregister(this);
    if (!this.#mod.exited) this.#call('release', this.#handle);
    this.#handle = undefined;
  }

  #call(name, ...args) {
    return call(this.#mod, name, ...args);
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

// localDate is today on this computer's calendar, YYYY-MM-DD: the date a
// teacher expects on the Norms sheet (the module's own clock is UTC).
function localDate() {
  const t = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
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
