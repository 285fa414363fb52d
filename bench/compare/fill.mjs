// The ExcelJS side of bench/compare/run.sh: what norms fill does, in Node.
// It opens the book, writes the engine's results (read from the JSON
// report norms grade --format json wrote beforehand, so the work measured
// is the xlsx read and write, not grading) beside the scores as the same
// columns fill writes (a percent per category, Final, Letter, Flags, each
// headed "Norms: ..."), adds a Norms sheet and saves.
//
//   node fill.mjs BOOK.xlsx RESULTS.json OUT.xlsx
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';

const [book, results, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node fill.mjs BOOK.xlsx RESULTS.json OUT.xlsx');
  process.exit(2);
}
const report = JSON.parse(readFileSync(results, 'utf8'));
const byId = new Map(report.students.map((s) => [s.id, s]));

const wb = new ExcelJS.Workbook();
await wb.xlsx.readFile(book);
const ws = wb.getWorksheet('Gradebook');
// The first column after the scores: the last one with a header.
let last = 0;
ws.getRow(1).eachCell((cell, col) => { last = col; });
const cats = report.categories.map((c) => c.name);
const heads = [...cats.map((c) => `Norms: ${c} %`), 'Norms: Final', 'Norms: Letter', 'Norms: Flags'];
heads.forEach((h, k) => {
  const cell = ws.getCell(1, last + 1 + k);
  cell.value = h;
  cell.font = { bold: true };
});
const num = (v) => (v == null ? null : Number(v));
let graded = 0;
ws.eachRow((row, r) => {
  if (r <= 3) return;
  const s = byId.get(String(row.getCell(2).value));
  if (!s) return;
  graded++;
  let c = last + 1;
  for (const name of cats) {
    const cat = s.categories.find((x) => x.name === name);
    row.getCell(c++).value = num(cat && cat.percent);
  }
  row.getCell(c++).value = num(s.rounded);
  const letter = row.getCell(c++);
  letter.value = s.letter;
  letter.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: s.letter.startsWith('A') ? 'FFC6EFCE' : s.letter.startsWith('F') ? 'FFFFC7CE' : 'FFFFEB9C' } };
  row.getCell(c++).value = s.flags.map((f) => f.name ?? f).join('; ');
});
const ns = wb.addWorksheet('Norms');
ns.addRow(['Graded by', report.team]);
ns.addRow(['Date', '2026-01-15']);
for (const c of report.categories) ns.addRow([c.name, `weight ${c.weight}`]);
await wb.xlsx.writeFile(out);
console.error(`graded ${graded} students; wrote ${out}`);
