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
  const m = { name, bridge: null, instance, go, exited: false };
  // run() returns at once: Go's main registers globalThis.__norms and then
  // waits for calls. Its promise settles only if the Go program exits.
  // Each module keeps its own bridge, taken at once, so a second module
  // registering __norms in turn changes nothing for the first; the global
  // is cleared first, so that a module that registers nothing is not taken
  // for the one registered before it.
  const before = globalThis.__norms;
  globalThis.__norms = undefined;
  go.run(instance).then(() => { m.exited = true; });
  const t3 = now();
  m.bridge = globalThis.__norms;
  const wrong = typeof m.bridge?.grade !== 'function'
    ? `the ${name} module given is not a Norms module (it did not register globalThis.__norms)`
    : name === 'xlsx' && !JSON.parse(m.bridge.version()).fill
      ? 'the module given as xlsx is the engine-only module (norms.wasm); give norms-xlsx.wasm'
      : '';
  if (wrong) {
    globalThis.__norms = before;
    throw new Error(`@teamnorms/norms: ${wrong}`);
  }
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
export async function init(opts) {
  const { wasm, module } = options(opts, 'init', { wasm: '', module: 'string' });
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

// exited is the error of a call to a module whose Go program has stopped.
function exited(message) {
  return new NormsError([{ code: 'wasm/exited', severity: 'error', message }]);
}

// options checks a call's options object: undefined and null are {}; an
// unknown name (a typo such as formula for formulas) and a string option
// of another type are TypeErrors rather than silently ignored.
function options(opts, what, known) {
  if (opts === undefined || opts === null) return {};
  if (typeof opts !== 'object') throw new TypeError(`${what}: the options are an object, not ${typeof opts}`);
  for (const [k, v] of Object.entries(opts)) {
    if (!Object.hasOwn(known, k)) throw new TypeError(`${what}: unknown option ${JSON.stringify(k)}; the options are ${Object.keys(known).join(', ')}`);
    if (v !== undefined && v !== null && known[k] && typeof v !== known[k]) throw new TypeError(`${what}: option ${k} is a ${known[k]}, not ${typeof v}`);
  }
  return opts;
}

// call runs one function of a module and parses its JSON answer.
function call(m, name, ...args) {
  if (!m) throw new Error('@teamnorms/norms: not loaded; await Norms.load(...) or init() first');
  if (m.exited || m.go.exited) throw exited('the Norms module stopped; reload the page');
  let answer;
  try {
    answer = m.bridge[name](...args);
  } catch (e) {
    if (!m.go.exited) throw e;
  }
  // A Go program that runs out of memory exits in the middle of the call
  // (its message is on the console): no answer, and every later call fails.
  if (m.go.exited) {
    m.exited = true;
    throw exited(`the Norms module stopped during ${name}, most likely out of memory (the input was too large for this browser): reload the page, and split the input or use the norms command-line tool`);
  }
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
export async function starter(opts) {
  const { wasm, module } = options(opts, 'starter', { wasm: '', module: 'string' });
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
export async function warmUp(opts) {
  const { wasm } = options(opts, 'warmUp', { wasm: '', module: 'string' });
  // The module named, else the one calls go to (as version()), else the
  // engine module.
  const module = opts?.module ?? current()?.name;
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
  if (input instanceof ArrayBuffer || isShared(input)) return [new Uint8Array(input), format ?? ''];
  if (ArrayBuffer.isView(input)) return [new Uint8Array(input.buffer, input.byteOffset, input.byteLength), format ?? ''];
  // Only a plain object is sent as JSON: a Promise (a forgotten await), a
  // Blob or a File would become {} and grade as an empty gradebook.
  if (isPlain(input)) return [utf8(JSON.stringify(input)), 'json'];
  throw new TypeError(`a gradebook or log is CSV or JSON text, bytes, or a plain object in the documented JSON form, not ${describe(input)}${typeof input?.then === 'function' ? ' (a forgotten await?)' : ''}`);
}

const isShared = (x) => typeof SharedArrayBuffer === 'function' && x instanceof SharedArrayBuffer;
const isBytes = (x) => x instanceof ArrayBuffer || isShared(x) || ArrayBuffer.isView(x);
const isPlain = (x) => x !== null && typeof x === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(x));
const describe = (x) => (x === null ? 'null' : typeof x === 'object' ? `a ${x.constructor?.name ?? 'object'}` : typeof x);

// normsText is a norms file given as text, bytes (UTF-8) or a plain object
// (sent as JSON, which the engine reads as it reads YAML).
function normsText(text) {
  if (typeof text === 'string') return text;
  if (isBytes(text)) {
    const view = ArrayBuffer.isView(text) ? new Uint8Array(text.buffer, text.byteOffset, text.byteLength) : new Uint8Array(text);
    return new TextDecoder().decode(isShared(view.buffer) ? view.slice() : view); // decode refuses shared memory
  }
  if (isPlain(text)) return JSON.stringify(text);
  throw new TypeError(`a norms file is YAML or JSON text, its bytes, or a plain object, not ${describe(text)}`);
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
  static async load(text, opts) {
    const { file = '', wasm, module } = options(opts, 'Norms.load', { file: 'string', wasm: '', module: 'string' });
    const m = await init({ wasm, module });
    const r = call(m, 'compile', normsText(text), file);
    if (!r.ok) throw new NormsError(r.diagnostics, 'the norms file has problems');
    return new Norms(r, m);
  }

  /**
   * Checks a norms file without keeping it: {ok, diagnostics}, every
   * problem (errors and warnings) with its line and column. Never throws
   * for a problem in the file.
   */
  static async check(text, opts) {
    const { file = '', wasm, module } = options(opts, 'Norms.check', { file: 'string', wasm: '', module: 'string' });
    const m = await init({ wasm, module });
    return call(m, 'check', normsText(text), file);
  }

  /** The warnings found when the norms were compiled: {ok: true, diagnostics}. */
  check() {
    this.#h();
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
  grade(book, opts) {
    const { format, file = '' } = options(opts, 'grade', { format: 'string', file: 'string' });
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
  explain(book, student, opts) {
    const { format, file = '' } = options(opts, 'explain', { format: 'string', file: 'string' });
    if (typeof student !== 'string' || student.trim() === '') throw new TypeError('explain(book, student): student is the ID or name of a student');
    const [d, f] = data(book, format);
    const r = this.#must(this.#call('explain', this.#h(), d, f, file, String(student)), 'cannot explain');
    return Object.assign(r.explanation, { text: r.text, diagnostics: r.diagnostics });
  }

  /**
   * Applies the conduct norms to an incident log (CSV or JSON text, or an
   * object {incidents: [...]}). asOf ("today", the engine never reads the
   * clock) adds each student's standing; student keeps one student.
   */
  conduct(log, opts) {
    const { asOf, student, format, file = '' } = options(opts, 'conduct', { asOf: 'string', student: 'string', format: 'string', file: 'string' });
    const [d, f] = data(log, format);
    // "today" as the CLI's --as-of takes it: this computer's date (the
    // engine never reads the clock).
    const o = JSON.stringify({ as_of: asOf === 'today' ? localDate() : asOf ?? undefined, student: student ?? undefined });
    const r = this.#must(this.#call('conduct', this.#h(), d, f, file, o), 'the conduct log has problems');
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
  fill(workbook, opts) {
    const { file = '', formulas = false, explain = false, date, categoryMap = [], normsFile = '' } = options(opts, 'fill',
      { file: 'string', formulas: 'boolean', explain: 'boolean', date: 'string', categoryMap: '', normsFile: 'string' });
    if (!Array.isArray(categoryMap)) throw new TypeError("fill: categoryMap is a list of rules such as ['HW*=Homework']");
    if (typeof workbook === 'string') throw new TypeError('fill takes the bytes of an .xlsx workbook (a Uint8Array or an ArrayBuffer), not text');
    const [d] = data(workbook, 'xlsx');
    const o = JSON.stringify({ formulas, explain, date: date ?? localDate(), category_map: categoryMap, norms_file: normsFile });
    const r = this.#must(this.#call('fill', this.#h(), d, file, o), 'cannot fill the workbook');
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
  report(what) {
    const { books, log, proposed, date } = options(what, 'report', { books: '', log: '', proposed: '', date: 'string' });
    if (!Array.isArray(books)) throw new TypeError('report takes {books: [{name, text or bytes}, ...]}');
    const files = [];
    const file = (f, what) => {
      if (f === undefined || f === null) {
        if (what.startsWith('book')) throw new TypeError(`${what} is missing`);
        return undefined;
      }
      if (typeof f === 'string') return { name: '', text: f, format: '' };
      if (typeof f !== 'object') throw new TypeError(`${what} is {name, text} or {name, bytes}`);
      const out = { name: String(f.name ?? ''), format: String(f.format ?? '') };
      const content = f.bytes ?? f.text;
      if (typeof content === 'string') {
        out.text = content;
      } else if (isBytes(content)) {
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
      date: date === undefined || date === 'today' ? localDate() : date,
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
  if (!Number.isInteger(places) || places < 0) throw new TypeError(`places is a whole number of decimals, 0 or more, not ${places}`);
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
  let t = typeof s === 'number' ? String(s) : typeof s === 'string' ? s.trim() : '';
  let neg = false;
  if (t[0] === '-' || t[0] === '+') { neg = t[0] === '-'; t = t.slice(1); }
  if (!/^(\d+\.?\d*|\.\d+)$/.test(t)) throw new TypeError(`not a decimal: ${s}`);
  let [whole, frac = ''] = t.split('.');
  whole = whole.replace(/^0+(?=\d)/, '') || '0';
  frac = frac.replace(/0+$/, '');
  const out = frac ? `${whole}.${frac}` : whole;
  return neg && /[1-9]/.test(out) ? '-' + out : out;
}

export default Norms;
