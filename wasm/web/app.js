// The Norms page: check a norms file, run its examples, grade a gradebook,
// explain a student, fill an Excel workbook, build the team report. Every rule is in the engine
// (../npm, the Go engine as WebAssembly); this file only moves files in
// and shows what comes back. The engine module loads with the page; the
// larger module that reads Excel workbooks loads only when one is opened,
// from this same site. Nothing is ever sent anywhere.
import { Norms, NormsError, init, starter, warmUp, roundDecimal } from '../npm/index.js';

const $ = (id) => document.getElementById(id);
const status = (text) => { $('status').textContent = text; };

let norms = null; // the compiled norms, when the file has no errors
let normsSource = ''; // the text they were compiled from
let normsName = 'norms.yaml'; // the file they came from: the name reports and diagnostics give them
let xnorms = null; // the same norms in the xlsx module, once a workbook needs them
let book = null; // {data (text, or bytes for xlsx), format, name}
let checkSeq = 0;
let bookSeq = 0;

// Timing of the engine's start, read by the end-to-end test.
window.__normsPage = { ready: false };
const t0 = performance.now();
init()
  .then(() => {
    window.__normsPage.instantiateMs = performance.now() - t0;
    window.__normsPage.ready = true;
    status('Ready. Open a norms file, paste one, or use the starter norms.');
    // While the teacher reads the page, run the engine once through the
    // starter files, so that their first norms file is not the one that
    // waits for the browser to compile the engine's code (about 0.5 s).
    const idle = window.requestIdleCallback ?? ((f) => setTimeout(f, 0));
    idle(() => warmUp().then(
      (ms) => { window.__normsPage.warmUpMs = ms; },
      (e) => console.warn(`Norms: the warm-up failed (${e.message}); the first grading will only be slower`),
    ), { timeout: 2000 });
  })
  .catch((e) => status(`The grading engine could not start: ${e.message}`));

// --- the norms file --------------------------------------------------------

const text = $('norms-text');

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) e.append(c);
  return e;
}

function where(d) {
  if (d.line) return `Line ${d.line}, column ${d.column ?? 1}`;
  return d.file ? d.file : 'The whole file';
}

// showProblems lists diagnostics; those with a line select it in `target`.
// describe says where a problem is (the team report names the file too).
function showProblems(list, diagnostics, target, describe = where) {
  list.replaceChildren();
  if (!diagnostics.length) {
    list.append(el('li', { className: 'none', textContent: 'No problems found.' }));
    return;
  }
  for (const d of diagnostics) {
    const b = el('button', { type: 'button' },
      el('span', { className: 'where', textContent: `${d.severity === 'warning' ? 'Warning' : 'Problem'} · ${describe(d)}: ` }),
      d.message);
    b.title = d.code;
    if (d.line && target) b.addEventListener('click', () => showLine(target, d.line, d.column));
    else b.disabled = !d.line;
    list.append(el('li', { className: d.severity }, b));
  }
}

// showLine selects line `line` of the textarea and scrolls it into view.
function showLine(area, line, column = 1) {
  const lines = area.value.split('\n');
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
  const end = start + (lines[line - 1] ?? '').length;
  area.focus();
  area.setSelectionRange(start, end);
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
  area.scrollTop = Math.max(0, (line - 3) * lineHeight);
  status(`Showing line ${line}, column ${column}.`);
}

async function checkNorms() {
  const seq = ++checkSeq;
  await init();
  const source = text.value;
  if (!source.trim()) {
    $('norms-summary').textContent = '';
    $('problems').replaceChildren();
    $('examples').replaceChildren();
    return;
  }
  const result = await Norms.check(source, { file: normsName });
  if (seq !== checkSeq) return; // the text changed meanwhile
  showProblems($('problems'), result.diagnostics, text);
  if (teamReport && source !== normsSource) {
    // A report of other norms must not be downloaded as this one.
    clearTeamReport();
    $('team-result').textContent = 'The norms changed: build the team report again.';
  }
  norms?.close();
  xnorms?.close();
  norms = xnorms = null;
  normsSource = '';
  if (!result.ok) {
    const n = result.diagnostics.filter((d) => d.severity === 'error').length;
    $('norms-summary').textContent = `The norms file has ${n} problem${n === 1 ? '' : 's'} to fix before grading.`;
    $('norms-summary').className = 'bad';
    $('examples').replaceChildren(el('li', { textContent: 'Fix the problems first.' }));
    return;
  }
  norms = await Norms.load(source, { file: normsName });
  normsSource = source;
  const t = norms.test();
  $('norms-summary').className = '';
  $('norms-summary').textContent = `The norms of ${norms.team || 'your team'} are ready.` +
    (t.examples.length ? ` Examples: ${t.passed} agree, ${t.failed} disagree.` : ' The file has no examples.');
  showExamples(t.examples);
  if (book) gradeBook();
}

function showExamples(examples) {
  const list = $('examples');
  list.replaceChildren();
  if (!examples.length) list.append(el('li', { textContent: 'No examples. Add some under examples: so changes never break an agreed case.' }));
  for (const ex of examples) {
    const li = el('li', { className: ex.pass ? 'pass' : 'fail' });
    const name = ex.line
      ? el('button', { type: 'button', textContent: ex.name, onclick: () => showLine(text, ex.line, ex.column) })
      : ex.name;
    li.append(name, ex.pass ? ' agrees' : ' disagrees');
    for (const f of ex.failures ?? []) li.append(el('span', { className: 'why', textContent: f }));
    list.append(li);
  }
}

let timer = 0;
text.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(checkNorms, 300); });
$('check').addEventListener('click', checkNorms);
$('norms-file').addEventListener('change', async (e) => {
  const f = e.target.files[0];
  if (!f) return;
  text.value = await f.text();
  normsName = f.name;
  status(`Opened ${f.name}.`);
  await checkNorms();
});
$('use-starter').addEventListener('click', async () => {
  const s = await starter();
  text.value = s.norms;
  normsName = 'norms.yaml';
  book = { data: s.gradebook, format: 'csv', name: 'the sample gradebook' };
  $('book-name').textContent = 'The sample gradebook is open.';
  status('The starter norms and the sample gradebook are open.');
  await checkNorms();
});

// --- the gradebook ---------------------------------------------------------

// openBook opens a gradebook file: an Excel workbook as bytes, CSV or
// JSON as text.
async function openBook(f) {
  let format = 'csv';
  if (/\.(xlsx|xlsm)$/i.test(f.name)) format = 'xlsx';
  else if (/\.json$/i.test(f.name)) format = 'json';
  const data = format === 'xlsx' ? new Uint8Array(await f.arrayBuffer()) : await f.text();
  book = { data, format, name: f.name };
  $('book-name').textContent = `${f.name} is open.`;
  status(`Opened ${f.name}.`);
  if (norms) await gradeBook();
  else status(`Opened ${f.name}. Open or fix the norms file to grade it.`);
}

$('book-file').addEventListener('change', async (e) => {
  const f = e.target.files[0];
  if (f) await openBook(f);
});

// A file dropped anywhere on the gradebook section opens as if chosen.
const bookSection = $('book-section');
bookSection.addEventListener('dragover', (e) => {
  if (![...e.dataTransfer.types].includes('Files')) return;
  e.preventDefault();
  e.dataTransfer.dropEffect = 'copy';
  bookSection.classList.add('dropping');
});
bookSection.addEventListener('dragleave', () => bookSection.classList.remove('dropping'));
bookSection.addEventListener('drop', async (e) => {
  bookSection.classList.remove('dropping');
  const f = e.dataTransfer.files[0];
  if (!f) return;
  e.preventDefault();
  await openBook(f);
});

// program is the compiled norms that read the open book: for an Excel
// workbook, the norms compiled in the xlsx module, which is loaded (from
// this site) the first time one is opened.
async function program() {
  if (book.format !== 'xlsx') return norms;
  return xlsxProgram('Loading the part of the engine that reads Excel workbooks…');
}

// xlsxProgram is the norms compiled in the xlsx module (which also builds
// the team report), loading it from this site the first time; null when
// the norms changed meanwhile.
async function xlsxProgram(loading) {
  if (!xnorms) {
    const source = normsSource;
    status(loading);
    const p = await Norms.load(source, { module: 'xlsx', file: normsName });
    if (source !== normsSource) { p.close(); return null; } // the norms changed meanwhile
    xnorms = p;
  }
  return xnorms;
}

async function gradeBook() {
  const seq = ++bookSeq;
  const table = $('results');
  $('explain-section').hidden = true;
  $('fill-panel').hidden = true;
  $('fill-result').textContent = '';
  let report;
  try {
    const p = await program();
    if (!p || seq !== bookSeq) return; // something newer is being graded
    report = p.grade(book.data, { format: book.format, file: book.name });
  } catch (e) {
    if (!(e instanceof NormsError)) {
      status(`The gradebook could not be graded: ${e.message}`);
      throw e;
    }
    showProblems($('book-problems'), e.diagnostics, null);
    table.hidden = true;
    status(`${book.name} has problems; see the list under the gradebook.`);
    return;
  }
  if (report.diagnostics.length) showProblems($('book-problems'), report.diagnostics, null);
  else $('book-problems').replaceChildren();
  const head = el('tr');
  head.append(el('th', { scope: 'col', textContent: 'Student' }), el('th', { scope: 'col', textContent: 'ID' }));
  for (const c of report.categories) head.append(el('th', { scope: 'col', textContent: `${c.name} (${c.weight})` }));
  for (const h of ['Final', 'Letter', 'If blanks were 0', 'Flags', 'Missing']) head.append(el('th', { scope: 'col', textContent: h }));
  table.tHead.replaceChildren(head);
  const body = document.createDocumentFragment();
  for (const s of report.students) {
    const tr = el('tr');
    tr.dataset.id = s.id;
    const who = el('button', { type: 'button', textContent: s.name || s.id });
    who.setAttribute('aria-label', `Explain ${s.name || s.id}'s grade`);
    who.addEventListener('click', () => explain(s.id, tr));
    tr.append(el('th', { scope: 'row' }, who), el('td', { className: 'text', textContent: s.id }));
    if (s.error) {
      tr.append(el('td', { colSpan: report.categories.length + 5, className: 'text bad', textContent: s.error }));
    } else {
      for (const c of s.categories) tr.append(el('td', { textContent: c.percent === null ? '—' : roundDecimal(c.percent, 2) }));
      tr.append(
        el('td', { textContent: s.rounded ?? '—' }),
        el('td', { className: 'text letter', textContent: s.letter || '—' }),
        el('td', { textContent: s.projected === null ? '—' : `${s.projected} ${s.projected_letter}` }),
        el('td', { className: 'text', textContent: (s.flags ?? []).join(', ') }),
        el('td', { textContent: String(s.missing_count) }),
      );
    }
    body.append(tr);
  }
  table.tBodies[0].replaceChildren(body);
  table.hidden = false;
  $('fill-panel').hidden = book.format !== 'xlsx';
  status(`Graded ${report.students.length} students from ${book.name}.`);
}

async function explain(id, row) {
  for (const r of document.querySelectorAll('#results tr.selected')) r.classList.remove('selected');
  row.classList.add('selected');
  try {
    const p = await program();
    if (!p) return;
    const ex = p.explain(book.data, id, { format: book.format, file: book.name });
    $('explanation').textContent = ex.text;
  } catch (e) {
    if (!(e instanceof NormsError)) throw e;
    $('explanation').textContent = e.message;
  }
  $('explain-section').hidden = false;
  $('explain-h').focus();
}

// --- the filled workbook -----------------------------------------------------

// filledName is where the browser saves the filled workbook: the name
// norms fill gives it, grades.xlsx -> grades.graded.xlsx.
const filledName = (name) => name.replace(/\.(xlsx|xlsm)$/i, '') + '.graded.xlsx';

$('download').addEventListener('click', async () => {
  if (!book || book.format !== 'xlsx') return;
  const out = $('fill-result');
  let filled;
  try {
    const p = await program();
    if (!p) return;
    filled = p.fill(book.data, { file: book.name, explain: $('fill-explain').checked, formulas: $('fill-formulas').checked });
  } catch (e) {
    if (!(e instanceof NormsError)) throw e;
    showProblems($('book-problems'), e.diagnostics, null);
    out.textContent = 'The workbook could not be filled; see the problems above.';
    status(out.textContent);
    return;
  }
  if (filled.diagnostics.length) showProblems($('book-problems'), filled.diagnostics, null);
  // The workbook never leaves the page: a Blob, saved by the browser.
  const url = URL.createObjectURL(new Blob([filled.bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  const a = el('a', { href: url, download: filledName(book.name) });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  const name = filledName(book.name);
  const ungraded = filled.ungraded ? ` ${filled.ungraded} could not be graded; see the problems above.` : '';
  out.textContent = `Saved ${name}: ${filled.summary}.${ungraded}`;
  status(out.textContent);
});

// --- the team report -----------------------------------------------------------

// The report is the page `norms report` writes, built by the xlsx module
// from the chosen files. It is shown in an iframe with sandbox="" (the
// report has no script, so none may run, and it cannot reach this page)
// and saved from a Blob: it never leaves the computer.
let teamReport = null; // {html, name} of the report shown

// The date defaults to today on this computer's calendar, as norms report
// --as-of today does.
{
  const t = new Date();
  const p = (n) => String(n).padStart(2, '0');
  $('team-date').value = `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
}

// A report that no longer matches the chosen files is taken down rather
// than downloaded by mistake.
function clearTeamReport() {
  teamReport = null;
  $('team-download').disabled = true;
  $('team-frame').hidden = true;
  $('team-frame').removeAttribute('srcdoc');
}
for (const id of ['team-books', 'team-log', 'team-proposed', 'team-date']) {
  $(id).addEventListener('change', () => {
    clearTeamReport();
    // The file input itself shows only "2 files": say which.
    const books = [...$('team-books').files].map((f) => f.name);
    $('team-result').textContent = books.length ? `Gradebooks chosen: ${books.join(', ')}.` : '';
  });
}

// A problem of the report is in one of several files: say which.
const whereInFile = (d) => {
  const at = d.line ? `, line ${d.line}, column ${d.column ?? 1}` : '';
  return d.file ? d.file + at : 'The report';
};

// reportFile is a chosen file as the report reads it: its bytes, so that
// a CSV reaches the engine exactly as the CLI would read it from disk.
const reportFile = async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });

$('team-build').addEventListener('click', async () => {
  const out = $('team-result');
  const problems = $('team-problems');
  clearTeamReport();
  problems.replaceChildren();
  const books = [...$('team-books').files];
  if (!norms) {
    out.textContent = 'Open or fix the norms file first (section 1).';
    status(out.textContent);
    return;
  }
  if (!books.length) {
    out.textContent = 'Choose the gradebooks first: one per class section.';
    status(out.textContent);
    $('team-books').focus();
    return;
  }
  const date = $('team-date').value;
  if (!date) {
    out.textContent = 'Choose the date of the report first.';
    status(out.textContent);
    $('team-date').focus();
    return;
  }
  const log = $('team-log').files[0];
  const proposed = $('team-proposed').files[0];
  let built;
  try {
    const p = await xlsxProgram('Loading the part of the engine that builds the team report…');
    if (!p) return;
    built = p.report({
      books: await Promise.all(books.map(reportFile)),
      log: log ? await reportFile(log) : undefined,
      proposed: proposed ? { name: proposed.name, text: await proposed.text() } : undefined,
      date,
    });
  } catch (e) {
    if (!(e instanceof NormsError)) {
      out.textContent = `The team report could not be built: ${e.message}`;
      status(out.textContent);
      throw e;
    }
    showProblems(problems, e.diagnostics, null, whereInFile);
    const n = e.diagnostics.filter((d) => d.severity === 'error').length;
    out.textContent = `The team report could not be built: ${n} problem${n === 1 ? '' : 's'} to fix, listed below.`;
    status(out.textContent);
    return;
  }
  if (built.diagnostics.length) showProblems(problems, built.diagnostics, null, whereInFile);
  teamReport = { html: built.html, name: `team-report-${date}.html` };
  const frame = $('team-frame');
  frame.srcdoc = built.html;
  frame.hidden = false;
  $('team-download').disabled = false;
  const sections = books.length === 1 ? '1 gradebook' : `${books.length} gradebooks`;
  out.textContent = `Built the team report from ${sections}${log ? ' and the incident log' : ''}${proposed ? ', with the proposed norms' : ''}.`;
  status(out.textContent);
});

$('team-download').addEventListener('click', () => {
  if (!teamReport) return;
  const url = URL.createObjectURL(new Blob([teamReport.html], { type: 'text/html;charset=utf-8' }));
  const a = el('a', { href: url, download: teamReport.name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  $('team-result').textContent = `Saved ${teamReport.name}.`;
  status($('team-result').textContent);
});
