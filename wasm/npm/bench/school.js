// The benchmark school of engine/bench_test.go, generated in JavaScript: the
// same norms, and the same 60 assignments and scores from the same xorshift
// sequence, so that figures in Node and in a browser compare with the
// native `go test -bench GradeSchool ./engine`. Plain ES module: it runs in
// Node and in a page.

/** The norms of BenchmarkGradeSchool (testdata/bench/school.yaml; a copy, since a page cannot read the repository). */
export const schoolNorms = `norms: 1
team: Benchmark School
grading:
  categories:
    - {name: Homework, weight: 20, aggregate: points, drop_lowest: 2}
    - {name: Quizzes, weight: 30, aggregate: mean, drop_lowest: 1}
    - {name: Tests, weight: 50, aggregate: points, drop_lowest: 1}
  late: "min(days_late * 10, 30)"
  letters:
    - {letter: A, min: 90}
    - {letter: B, min: 80}
    - {letter: C, min: 70}
    - {letter: D, min: 60}
    - {letter: F, min: 0}
flags:
  - {name: Quiz support, when: "Quizzes < 70"}
  - {name: Missing work, when: "missing_count >= 3"}
`;

/**
 * schoolBook returns the JSON text of a gradebook of `students` x 60
 * assignments (30 homework of 10 points, 20 quizzes of 20, 10 tests of
 * 100), about 3% missing, 1% blank, 5% late: schoolBook(students) of
 * engine/bench_test.go, score for score.
 */
export function schoolBook(students, format = 'json') {
  const assignments = [];
  const add = (n, category, possible) => {
    for (let i = 1; i <= n; i++) assignments.push({ name: `${category} ${i}`, category, possible });
  };
  add(30, 'Homework', 10);
  add(20, 'Quizzes', 20);
  add(10, 'Tests', 100);
  const mask = (1n << 64n) - 1n;
  let seed = 42n;
  const next = () => { // xorshift on 64 bits, as the Go benchmark
    seed ^= (seed << 13n) & mask;
    seed ^= seed >> 7n;
    seed ^= (seed << 17n) & mask;
    return seed;
  };
  const list = [];
  for (let s = 0; s < students; s++) {
    const scores = {};
    const ability = 50 + Number(next() % 50n);
    for (const a of assignments) {
      const r = Number(next() % 100n);
      if (r < 3) {
        scores[a.name] = 'M';
      } else if (r < 4) {
        // blank: left out
      } else {
        const pct = Math.min(ability + Number(next() % 30n) - 10, 100);
        const pts = Math.trunc((a.possible * Math.max(pct, 0)) / 100);
        scores[a.name] = r < 9 ? { score: pts, late: Number(next() % 5n) + 1 } : pts;
      }
    }
    list.push({ id: `s${String(s).padStart(5, '0')}`, name: `Student ${s}`, scores });
  }
  if (format === 'json') return JSON.stringify({ assignments, students: list });
  // The CSV form of docs/gradebook-json.md: the same book, as a teacher
  // exports it from a spreadsheet.
  const cell = (v) => (v === undefined ? '' : typeof v === 'object' ? `${v.score} late ${v.late}` : String(v));
  const rows = [
    ['Student', 'ID', ...assignments.map((a) => a.name)],
    ['Category', '', ...assignments.map((a) => a.category)],
    ['Points Possible', '', ...assignments.map((a) => a.possible)],
    ...list.map((st) => [st.name, st.id, ...assignments.map((a) => cell(st.scores[a.name]))]),
  ];
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}
