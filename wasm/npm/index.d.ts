// Types of @teamnorms/norms. Field names are the engine's JSON tags
// (engine/*.go), so these are the objects `norms ... --format json` prints,
// except that decimals are strings: a JS number cannot hold 19 digits.

/** An exact decimal as the engine writes it, without trailing zeros: "89.5", "97.33333333333333333333333333333334". */
export type DecimalString = string;

/** One problem in a norms file, gradebook or log (engine.Diagnostic). */
export interface Diagnostic {
  /** Stable code, such as "norms/unknown-key". */
  code: string;
  severity: 'error' | 'warning';
  file?: string;
  /** 1-based line and column, absent when the problem has no position. */
  line?: number;
  column?: number;
  /** Data path, such as "grading.categories[1].weight". */
  path?: string;
  message: string;
  /** The source line with a caret under the column. */
  snippet?: string;
}

/** Thrown when norms, a gradebook or a log have errors; carries every problem. */
export class NormsError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[], what?: string);
}

export interface CheckResult {
  ok: boolean;
  diagnostics: Diagnostic[];
}

export interface CategoryInfo {
  name: string;
  weight: DecimalString;
  identifier: string;
}

export interface CategoryResult {
  name: string;
  percent: DecimalString | null;
  projected: DecimalString | null;
  counted: number;
  dropped: number;
}

export interface StudentResult {
  id: string;
  name: string;
  categories: CategoryResult[];
  final: DecimalString | null;
  rounded: DecimalString | null;
  letter: string;
  projected: DecimalString | null;
  projected_letter: string;
  flags: string[] | null;
  missing_count: number;
  late_count: number;
  excused_count: number;
  ungraded_count: number;
  /** Why this student could not be graded, when set. */
  error?: string;
}

export interface Report {
  team: string;
  categories: CategoryInfo[];
  students: StudentResult[];
  /** Warnings about the gradebook (added by this package). */
  diagnostics: Diagnostic[];
}

export interface ScoreLine {
  assignment: string;
  score: string;
  possible: DecimalString;
  status: string;
  note?: string;
}

export interface CategoryExplanation {
  name: string;
  aggregate: string;
  weight: DecimalString;
  scores: ScoreLine[];
  earned?: DecimalString;
  possible?: DecimalString;
  percent: DecimalString | null;
  summary: string;
}

export interface Explanation {
  student: StudentResult;
  categories: CategoryExplanation[];
  steps: string[] | null;
  /** The explanation as the CLI prints it. */
  text: string;
  diagnostics: Diagnostic[];
}

export interface ExampleResult {
  name: string;
  pass: boolean;
  failures?: string[];
  got?: StudentResult;
  line?: number;
  column?: number;
}

export interface TestResult {
  ok: boolean;
  passed: number;
  failed: number;
  examples: ExampleResult[];
  diagnostics: Diagnostic[];
}

export interface FiredRule {
  name: string;
  consequence: string;
}

export interface IncidentResult {
  row: number;
  line?: number;
  date: string;
  time?: string;
  student_id: string;
  student_name: string;
  behavior: string;
  teacher?: string;
  note?: string;
  occurrence: number;
  consequence: string;
  escalated_to?: string;
  rules: FiredRule[] | null;
  flags?: string[];
}

export interface ConductReport {
  team: string;
  as_of?: string;
  student?: string;
  incidents: IncidentResult[];
  /** With asOf: each student's standing per behavior (engine.Standing). */
  standing?: Array<Record<string, unknown>>;
  diagnostics: Diagnostic[];
}

/** The documented JSON form of a gradebook (docs/gradebook-json.md). */
export interface GradebookJSON {
  assignments: Array<{ name: string; category: string; possible: number | string; due?: string; extra_credit?: boolean }>;
  students: Array<{ id: string; name: string; scores?: Record<string, unknown> }>;
}

/**
 * A gradebook or log: CSV or JSON text, its bytes (SharedArrayBuffer too), or
 * a plain object in the JSON form. Anything else (a Promise, a Blob or File:
 * read it first) is a TypeError.
 */
export type DataInput = string | ArrayBuffer | SharedArrayBuffer | ArrayBufferView | Record<string, unknown>;

export interface DataOptions {
  /**
   * "csv", "json", or "xlsx" (the xlsx module only). Left out, it is chosen
   * as the CLI chooses: by file's extension when it has one, else by the
   * first bytes.
   */
  format?: 'csv' | 'json' | 'xlsx' | string;
  /** Names the source in diagnostics (default gradebook.csv / gradebook.json); its extension chooses the format when format is left out. */
  file?: string;
}

/**
 * The two builds of the module: 'engine' (dist/norms.wasm: CSV and JSON
 * gradebooks) and 'xlsx' (dist/norms-xlsx.wasm: also reads and fills .xlsx
 * workbooks; about twice the download, so load it only when needed).
 */
export type ModuleName = 'engine' | 'xlsx';

export interface LoadOptions {
  /** Names the norms file in diagnostics and on the Norms sheet fill writes (default norms.yaml). */
  file?: string;
  /** Where the module is: URL, bytes, or a compiled WebAssembly.Module. */
  wasm?: string | URL | ArrayBuffer | ArrayBufferView | WebAssembly.Module;
  /** Which module compiles the norms (default 'engine'); 'xlsx' to grade and fill workbooks. */
  module?: ModuleName;
}

/**
 * A file of the team report: its name (what the report and the
 * diagnostics call it, as the CLI calls a file by its path) and its text
 * or bytes. format defaults as the CLI chooses: by the name's extension,
 * then by the content.
 */
export interface ReportFile {
  name: string;
  text?: string;
  bytes?: ArrayBuffer | ArrayBufferView;
  format?: 'csv' | 'json' | 'xlsx';
}

/** The inputs of norms.report: those of `norms report`. */
export interface ReportInput {
  /** The team's gradebooks, one section each (one per sheet of a workbook of several), in order; a string is CSV or JSON text. */
  books: Array<ReportFile | string>;
  /** An incident log (CSV, JSON, or a workbook's Incidents sheet), as --log. */
  log?: ReportFile | string;
  /** Proposed norms to compare with, as --proposed; checked first. */
  proposed?: ReportFile | string;
  /** --as-of: YYYY-MM-DD (or as the norms' date_format writes dates) or "today"; default today on this computer's calendar. */
  date?: string;
}

/** The team report: the page `norms report` writes, and the warnings. */
export interface ReportResult {
  html: string;
  diagnostics: Diagnostic[];
}

/** The options of norms.fill: those of `norms fill`. */
export interface FillOptions {
  /** Names the workbook in diagnostics (default gradebook.xlsx). */
  file?: string;
  /** Write live Excel formulas where the norms allow it (--formulas). */
  formulas?: boolean;
  /** Add the Explain sheet: how each grade was computed (--explain). */
  explain?: boolean;
  /** The date on the Norms sheet, YYYY-MM-DD (default today on this computer's calendar). */
  date?: string;
  /** Categories of Canvas assignments, each PATTERN=CATEGORY such as "HW*=Homework" (--category-map). */
  categoryMap?: string[];
  /** The norms file's name on the Norms sheet (default the file given to Norms.load). */
  normsFile?: string;
}

/** What norms.fill gives: the filled workbook and what was written into it. */
export interface FillResult {
  /** The filled workbook (.xlsx), byte for byte what `norms fill` writes from the same inputs. */
  bytes: Uint8Array;
  /** Each gradebook sheet graded, in the workbook's order, with its report. */
  sheets: Array<{ name: string; report: Omit<Report, 'diagnostics'> }>;
  /** The consequences written beside the workbook's Incidents sheet (its Norms: # and Norms: Consequence columns), one per incident; null when the workbook has no Incidents sheet or the norms define no conduct behaviors. */
  conduct: Omit<ConductReport, 'diagnostics'> | null;
  /** Students graded, over all sheets. */
  students: number;
  /** Students who could not be graded (each an error in diagnostics, at its row); the others' results are written. */
  ungraded: number;
  /** "graded 8 students in 1 sheet", as norms fill says it. */
  summary: string;
  /** Whether the streaming path wrote the workbook: always true from this module, which links no excelize and refuses (error xlsx/needs-cli) the few workbooks only norms fill's slower path writes. */
  streaming: boolean;
  /** Warnings, and errors for ungraded students, each at its cell ("Gradebook!D7"). */
  diagnostics: Diagnostic[];
}

/** A norms file: YAML or JSON text, its UTF-8 bytes, or a plain object (read as JSON). */
export type NormsInput = string | ArrayBuffer | ArrayBufferView | Record<string, unknown>;

export class Norms {
  /** Use Norms.load. */
  private constructor();
  /**
   * Loads the module if needed and compiles the norms; throws NormsError on
   * errors. Options are checked: an unknown one is a TypeError.
   */
  static load(text: NormsInput, options?: LoadOptions | null): Promise<Norms>;
  /** Checks a norms file: every problem, with positions. Never throws for the file's problems. */
  static check(text: NormsInput, options?: LoadOptions | null): Promise<CheckResult>;
  readonly team: string;
  readonly dateFormat: string;
  /** The module the norms were compiled in. */
  readonly module: ModuleName;
  /** The warnings found when compiling. */
  check(): CheckResult;
  /** Runs the norms' examples. */
  test(): TestResult;
  /**
   * Grades a whole gradebook; throws NormsError when it has errors, and
   * (code wasm/too-large) when it has more than 100,000 students or
   * 5,000,000 scores, more than a browser's memory safely holds. The report
   * also has a non-enumerable `timing` ({read_us, grade_us}, measured in the
   * module).
   */
  grade(book: DataInput | GradebookJSON, options?: DataOptions): Report & { readonly timing?: { read_us: number; grade_us: number } };
  /** Explains one student's grade (ID or name). */
  explain(book: DataInput | GradebookJSON, student: string, options?: DataOptions): Explanation;
  /** Applies the conduct norms to an incident log; asOf is YYYY-MM-DD or "today" (this computer's date). */
  conduct(log: DataInput, options?: DataOptions & { asOf?: string; student?: string }): ConductReport;
  /**
   * Fills an .xlsx workbook (its bytes) as `norms fill` does; needs norms
   * loaded with module 'xlsx'. Throws NormsError (problems at their cells)
   * when there is no workbook to give.
   */
  fill(workbook: ArrayBuffer | ArrayBufferView, options?: FillOptions): FillResult;
  /**
   * Builds the team report of `norms report` (one self-contained HTML
   * page) from the books, log and proposed norms. Needs norms loaded with
   * module 'xlsx'; the engine module throws a NormsError coded
   * wasm/no-report. Throws a NormsError (each problem at its file, line
   * and column) when an input has errors.
   */
  report(input: ReportInput): ReportResult;
  /** Frees the compiled norms. */
  close(): void;
}

/** Loads a module once (Norms.load does it for you); module defaults to 'engine'. */
export function init(options?: { wasm?: LoadOptions['wasm']; module?: ModuleName }): Promise<unknown>;
/** The starter norms (YAML) and sample gradebook (CSV) that `norms init` writes. */
export function starter(options?: { wasm?: LoadOptions['wasm']; module?: ModuleName }): Promise<{ norms: string; gradebook: string }>;
/**
 * Runs a loaded module once through the starter norms and sample gradebook
 * and forgets them, so that V8 has compiled the code of compile, test, grade
 * and explain before the user's first call. Resolves to its duration in ms.
 * The module named, else the one version() would answer from, else the
 * engine module (loaded first).
 */
export function warmUp(options?: { wasm?: LoadOptions['wasm']; module?: ModuleName }): Promise<number>;
/** A module's linear memory size in bytes (the one named, else the engine module, else the xlsx one). */
export function memoryBytes(module?: ModuleName): number;

/** Where a module's start went, in milliseconds; null before it is loaded. */
export function startTimings(module?: ModuleName): { compileMs: number; instantiateMs: number; runMs: number; totalMs: number } | null;
/** What a build can do: {ok, go, formats, conduct, fill}. */
export function version(module?: ModuleName): { ok: boolean; go: string; formats: string[]; conduct: boolean; fill: boolean; diagnostics: Diagnostic[] };
/** Formats a diagnostic as the CLI prints it. */
export function formatDiagnostic(d: Diagnostic): string;
/** Rounds a decimal string half up, exactly: roundDecimal("82.72727", 2) === "82.73". */
export function roundDecimal(s: DecimalString, places?: number): DecimalString;
/** Strips leading and trailing zeros as the engine does. */
export function normalizeDecimal(s: string): DecimalString;

export default Norms;
