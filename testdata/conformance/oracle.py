#!/usr/bin/env python3
"""Independent oracle for the grading conformance vectors in this directory.

It implements docs/SEMANTICS-draft.md from scratch, in Python 3 with the
standard library only, and shares no code (and no output) with the Go engine:

  * its own reader for the norms text: JSON (json.loads) or the small subset of
    YAML the vectors are written in (block mappings and sequences, one-line
    flow mappings/sequences, quoted and plain scalars);
  * its own reader for scores as teachers type them ("47/50", "90%", "M",
    "EX", "45 late 2", {"score": 8, "late": 2}, null);
  * points kept to a millionth of a point (half-even) where the draft says so:
    scaled fractions/percents typed as scores, missing-work percents, floors
    and late deductions (rule 3);
  * exact arithmetic with fractions.Fraction everywhere, except power_law,
    which uses decimal.Decimal ln/exp with 34 significant digits (the draft's
    precision), and expressions (late, final, flags), which are evaluated by a
    tiny interpreter of its own with Python floats (IEEE doubles, like expr's
    float64) and converted back with repr() (the shortest decimal that reads
    back as the same float);
  * drops on `points` categories by brute force over every combination.

Usage:
  python3 oracle.py [files...]          compare each case's expect with the oracle (default: every case here)
  python3 oracle.py --write files...    fill expect.students of the named cases from the oracle
  python3 oracle.py --show files...     print what the oracle computes, without comparing

Exit status is 0 when every case agrees. The oracle refuses (reports UNSUPPORTED)
combinations whose meaning the draft leaves open, and reports FRAGILE when an
expected value sits on a rounding boundary that 34-digit arithmetic could miss.
"""

import decimal
import itertools
import json
import math
import os
import re
import sys
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))


class Unsupported(Exception):
    """A combination the oracle (or the draft) does not pin down."""


class Fragile(Exception):
    """An expected value that exact and 34-digit arithmetic could round differently."""


# ---------------------------------------------------------------------------
# Minimal YAML subset reader (enough for the vectors; JSON goes to json.loads)
# ---------------------------------------------------------------------------

_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_FLOAT_RE = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
_KEY_RE = re.compile(r"""^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s\-?:,\[\]{}#&*!|>'"%@`][^:#]*?|-[^\s:][^:#]*?)\s*:(?:\s+|$)(.*)$""")


def _plain(s):
    s = s.strip()
    if s in ("", "~", "null", "Null", "NULL"):
        return None
    if s in ("true", "True", "TRUE"):
        return True
    if s in ("false", "False", "FALSE"):
        return False
    if _INT_RE.match(s):
        return int(s)
    if _FLOAT_RE.match(s):
        return Fraction(s)
    return s


def _strip_comment(s):
    out, q = [], None
    for i, c in enumerate(s):
        if q:
            if c == q:
                q = None
        elif c in "\"'":
            q = c
        elif c == "#" and (i == 0 or s[i - 1] in " \t"):
            break
        out.append(c)
    return "".join(out).rstrip()


def _quoted(s, i):
    """Reads a quoted scalar starting at s[i]; returns (value, next index)."""
    q = s[i]
    j = i + 1
    if q == "'":
        buf = []
        while True:
            if j >= len(s):
                raise ValueError("unterminated quote in %r" % s)
            if s[j] == "'":
                if j + 1 < len(s) and s[j + 1] == "'":
                    buf.append("'")
                    j += 2
                    continue
                return "".join(buf), j + 1
            buf.append(s[j])
            j += 1
    while True:
        if j >= len(s):
            raise ValueError("unterminated quote in %r" % s)
        if s[j] == "\\":
            j += 2
            continue
        if s[j] == '"':
            return json.loads(s[i:j + 1]), j + 1
        j += 1


def _flow(s, i):
    """Reads a flow node at s[i]; returns (value, next index)."""
    while s[i] == " ":
        i += 1
    c = s[i]
    if c in "\"'":
        return _quoted(s, i)
    if c in "[{":
        close = "]" if c == "[" else "}"
        i += 1
        items = [] if c == "[" else {}
        while True:
            while s[i] == " ":
                i += 1
            if s[i] == close:
                return items, i + 1
            if c == "[":
                v, i = _flow(s, i)
                items.append(v)
            else:
                k, i = _flow(s, i)
                while s[i] == " ":
                    i += 1
                if s[i] != ":":
                    raise ValueError("expected ':' in %r" % s)
                v, i = _flow(s, i + 1)
                items[k] = v
            while s[i] == " ":
                i += 1
            if s[i] == ",":
                i += 1
    j = i
    while j < len(s) and s[j] not in ",]}" and not (s[j] == ":" and (j + 1 == len(s) or s[j + 1] in " ,]}")):
        j += 1
    return _plain(s[i:j]), j


def _inline(s):
    s = _strip_comment(s).strip()
    if not s:
        return None
    if s[0] in "[{\"'":
        v, j = _flow(s, 0)
        if s[j:].strip():
            raise ValueError("trailing text after %r" % s)
        return v
    if s[0] in "|>":
        raise Unsupported("block scalars are not in the oracle's YAML subset")
    return _plain(s)


def yaml_load(text):
    lines = []
    for raw in text.split("\n"):
        if "\t" in raw[: len(raw) - len(raw.lstrip(" \t"))]:
            raise ValueError("tab in indentation")
        body = _strip_comment(raw)
        if not body.strip():
            continue
        ind = len(body) - len(body.lstrip(" "))
        lines.append([ind, body.strip()])

    def node(i, ind):
        content = lines[i][1]
        if content == "-" or content.startswith("- "):
            return seq(i, ind)
        if _KEY_RE.match(content):
            return mapping(i, ind)
        return _inline(content), i + 1

    def seq(i, ind):
        out = []
        while i < len(lines) and lines[i][0] == ind and (lines[i][1] == "-" or lines[i][1].startswith("- ")):
            rest = lines[i][1][1:].lstrip(" ")
            if not rest:
                v, i = node(i + 1, lines[i + 1][0])
            else:
                # the item's first line, as if it stood on its own indented line
                lines[i] = [ind + (len(lines[i][1]) - len(rest)), rest]
                v, i = node(i, lines[i][0])
            out.append(v)
        return out, i

    def mapping(i, ind):
        out = {}
        while i < len(lines) and lines[i][0] == ind:
            m = _KEY_RE.match(lines[i][1])
            if not m:
                raise ValueError("expected a key at %r" % lines[i][1])
            k = _inline(m.group(1).strip())
            rest = m.group(2)
            if k in out:
                raise ValueError("duplicate key %r" % k)
            if rest.strip():
                out[k] = _inline(rest)
                i += 1
            elif i + 1 < len(lines) and (lines[i + 1][0] > ind or (lines[i + 1][0] == ind and lines[i + 1][1].startswith("-"))):
                out[k], i = node(i + 1, lines[i + 1][0])
            else:
                out[k] = None
                i += 1
        return out, i

    v, i = node(0, lines[0][0])
    if i != len(lines):
        raise ValueError("unparsed text at %r" % lines[i][1])
    return v


def load_norms(text):
    if text.lstrip().startswith("{"):
        return json.loads(text, parse_float=Fraction, parse_int=int)
    return yaml_load(text)


# ---------------------------------------------------------------------------
# Expressions: a small interpreter for the subset the vectors use
# ---------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"""\s*(?:(?P<num>[0-9]+\.[0-9]*|[0-9]+|\.[0-9]+)|(?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<id>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>==|!=|<=|>=|&&|\|\||[-+*/%<>!(),?:]))""")


def _tokens(src):
    pos, out = 0, []
    src = src.rstrip()
    while pos < len(src):
        m = _TOKEN_RE.match(src, pos)
        if not m:
            raise Unsupported("expression %r: cannot read at %d" % (src, pos))
        pos = m.end()
        if m.group("num") is not None:
            t = m.group("num")
            out.append(("num", float(t) if "." in t else int(t)))
        elif m.group("str") is not None:
            s = m.group("str")
            out.append(("str", json.loads('"' + s[1:-1].replace('"', '\\"') + '"') if s[0] == "'" else json.loads(s)))
        elif m.group("id") is not None:
            out.append(("id", m.group("id")))
        else:
            out.append(("op", m.group("op")))
    out.append(("end", None))
    return out


_BINARY = {"||": 1, "or": 1, "&&": 2, "and": 2, "==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3, ">=": 3, "+": 4, "-": 4, "*": 5, "/": 5, "%": 5}


def parse_expr(src):
    toks = _tokens(src)
    i = [0]

    def peek():
        return toks[i[0]]

    def take():
        t = toks[i[0]]
        i[0] += 1
        return t

    def expect(op):
        t = take()
        if t != ("op", op):
            raise Unsupported("expression %r: expected %r" % (src, op))

    def unary():
        t = peek()
        if t in (("op", "!"), ("id", "not")):
            take()
            return ("not", unary())
        if t == ("op", "-"):
            take()
            return ("neg", unary())
        return primary()

    def primary():
        t = take()
        if t[0] in ("num", "str"):
            return ("lit", t[1])
        if t == ("op", "("):
            e = ternary()
            expect(")")
            return e
        if t[0] == "id":
            if t[1] in ("true", "false"):
                return ("lit", t[1] == "true")
            if peek() == ("op", "("):
                take()
                args = []
                if peek() != ("op", ")"):
                    args.append(ternary())
                    while peek() == ("op", ","):
                        take()
                        args.append(ternary())
                expect(")")
                return ("call", t[1], args)
            return ("var", t[1])
        raise Unsupported("expression %r: unexpected %r" % (src, t))

    def binary(level):
        left = unary()
        while True:
            t = peek()
            op = t[1] if t[0] in ("op", "id") else None
            prec = _BINARY.get(op)
            if prec is None or prec < level:
                return left
            take()
            right = binary(prec + 1)
            left = ("bin", {"or": "||", "and": "&&"}.get(op, op), left, right)

    def ternary():
        c = binary(1)
        if peek() == ("op", "?"):
            take()
            a = ternary()
            expect(":")
            b = ternary()
            return ("if", c, a, b)
        return c

    e = ternary()
    if peek()[0] != "end":
        raise Unsupported("expression %r: trailing tokens" % src)
    return e


def eval_expr(e, env, funcs):
    k = e[0]
    if k == "lit":
        return e[1]
    if k == "var":
        if e[1] not in env:
            raise Unsupported("unknown name %r" % e[1])
        return env[e[1]]
    if k == "not":
        return not eval_expr(e[1], env, funcs)
    if k == "neg":
        return -eval_expr(e[1], env, funcs)
    if k == "if":
        return eval_expr(e[2] if eval_expr(e[1], env, funcs) else e[3], env, funcs)
    if k == "call":
        args = [eval_expr(a, env, funcs) for a in e[2]]
        if e[1] not in funcs:
            raise Unsupported("unknown function %r" % e[1])
        return funcs[e[1]](*args)
    op, a = e[1], eval_expr(e[2], env, funcs)
    if op == "&&":
        return a and eval_expr(e[3], env, funcs)
    if op == "||":
        return a or eval_expr(e[3], env, funcs)
    b = eval_expr(e[3], env, funcs)
    for v in (a, b):
        if isinstance(v, bool) and op not in ("==", "!="):
            raise Unsupported("arithmetic on a bool")
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return float(a) / float(b)  # expr's / always gives a float
    if op == "%":
        if not (isinstance(a, int) and isinstance(b, int)):
            raise Unsupported("% on floats")
        return int(math.fmod(a, b))
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    if op == ">=":
        return a >= b
    raise Unsupported("operator %r" % op)


def _minmax(pick):
    def f(*args):
        if not args:
            raise Unsupported("min/max of nothing")
        if all(isinstance(a, int) and not isinstance(a, bool) for a in args):
            return pick(args)
        fl = [float(a) for a in args]
        if any(math.isnan(a) for a in fl):
            raise Unsupported("min/max with NaN")
        return pick(fl)
    return f


BASE_FUNCS = {"max": _minmax(max), "min": _minmax(min), "abs": lambda a: abs(a)}


def number_from_expr(v):
    """An expression result as an exact number: ints exactly, floats by their
    shortest round-trip decimal (repr)."""
    if isinstance(v, bool):
        raise Unsupported("expression gave a bool")
    if isinstance(v, int):
        return Fraction(v)
    if math.isnan(v) or math.isinf(v):
        raise Unsupported("expression gave %r" % v)
    return Fraction(repr(v))


# ---------------------------------------------------------------------------
# Numbers and formatting
# ---------------------------------------------------------------------------


def frac(v):
    if isinstance(v, bool):
        raise ValueError("a bool is not a number")
    if isinstance(v, Fraction):
        return v
    if isinstance(v, (int, decimal.Decimal)):
        return Fraction(v)
    if isinstance(v, str):
        return Fraction(v.strip())
    raise ValueError("not a number: %r" % (v,))


def terminates(x, digits=34):
    """x is a decimal with at most `digits` significant digits."""
    d = x.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        return False
    s = dec_str(x).replace("-", "").replace(".", "").strip("0")
    return len(s) <= digits


def dec_str(x):
    """Exact decimal text of a terminating fraction, trailing zeros stripped."""
    x = Fraction(x)
    neg = x < 0
    x = abs(x)
    places = 0
    while (x * 10 ** places).denominator != 1:
        places += 1
        if places > 60:
            raise Unsupported("%s does not terminate" % x)
    n = int(x * 10 ** places)
    s = str(n).rjust(places + 1, "0")
    if places:
        s = s[:-places] + "." + s[-places:]
        s = s.rstrip("0").rstrip(".")
    if s == "0":
        neg = False
    return ("-" if neg else "") + s


def round_frac(x, places, mode):
    if mode == "none":
        return x
    q = x * 10 ** places
    sign = -1 if q < 0 else 1
    a = abs(q)
    fl = math.floor(a)
    rem = a - fl
    if mode == "down":
        r = fl
    elif mode == "up":
        r = fl + (1 if rem else 0)
    elif mode == "half_even":
        if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and fl % 2 == 1):
            r = fl + 1
        else:
            r = fl
    elif mode == "half_up":
        r = fl + (1 if rem >= Fraction(1, 2) else 0)
    else:
        raise Unsupported("round mode %r" % mode)
    return Fraction(sign * r, 10 ** places)


def check_boundary(x, inexact, places, mode, what):
    """Refuses an expected value that sits (or nearly sits) on a rounding
    boundary when it came through inexact (non-terminating) arithmetic: a
    34-digit implementation could land on either side."""
    if mode == "none":
        return
    eps = Fraction(1, 10 ** 24)
    lo, hi = round_frac(x - eps, places, mode), round_frac(x + eps, places, mode)
    if lo != hi and (inexact or round_frac(x, places, mode) not in (lo, hi) or not terminates(x, 30)):
        raise Fragile("%s = %s is at a rounding boundary and was computed inexactly" % (what, float(x)))


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------

_LATE_RE = re.compile(r"^(.*?)\s*\(?\s*late\s+([0-9]+)\s*\)?\s*$", re.I)


def round6_half_even(x):
    return round_frac(x, 6, "half_even")


def parse_score_text(text, possible):
    s = text.strip()
    late = 0
    m = _LATE_RE.match(s)
    if m:
        s, late = m.group(1).strip(), int(m.group(2))
        if not s:
            raise ValueError("late without a score: %r" % text)
    low = s.lower()
    if low == "":
        return ("blank", None, 0)
    if low in ("m", "missing", "mi"):
        return ("missing", None, late)
    if low in ("ex", "exc", "excused"):
        return ("excused", None, late)
    if low.endswith("%"):
        num, den = Fraction(low[:-1].strip()), Fraction(100)
        earned = possible if num == den else round6_half_even(num * possible / den)
    elif "/" in low:
        a, b = low.split("/", 1)
        num, den = Fraction(a.strip()), Fraction(b.strip())
        if den <= 0:
            raise ValueError("bad fraction %r" % text)
        earned = possible if num == den else round6_half_even(num * possible / den)
    else:
        earned = Fraction(low)
    if earned < 0:
        raise ValueError("negative score %r" % text)
    return ("graded", earned, late)


def parse_score(raw, possible):
    if raw is None:
        return ("blank", None, 0)
    if isinstance(raw, dict):
        st, earned, late = parse_score(raw["score"], possible)
        if raw.get("late", 0) > 0:
            if st == "blank":
                raise Unsupported("a blank with late days")
            late = raw["late"]
        return (st, earned, late)
    if isinstance(raw, str):
        return parse_score_text(raw, possible)
    if isinstance(raw, bool):
        raise ValueError("a bool is not a score")
    return ("graded", frac(raw), 0)


# ---------------------------------------------------------------------------
# Grading
# ---------------------------------------------------------------------------


def identifier(name):
    s = re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_")
    if s and s[0].isdigit():
        s = "_" + s
    return s


class Ctx:
    """Decimal context for power_law: 34 significant digits."""
    ctx = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN, Emax=999999, Emin=-999999)


def to_dec(x):
    return Ctx.ctx.divide(decimal.Decimal(x.numerator), decimal.Decimal(x.denominator))


def power_law(pcts):
    n = len(pcts)
    if n < 3:
        return sum(pcts, Fraction(0)) / n, False
    c = Ctx.ctx
    xs = [c.ln(decimal.Decimal(t)) for t in range(1, n + 1)]
    ys = [c.ln(to_dec(max(p, Fraction(1)))) for p in pcts]
    sx = sum(xs, decimal.Decimal(0))
    sy = sum(ys, decimal.Decimal(0))
    sxy = sum((c.multiply(x, y) for x, y in zip(xs, ys)), decimal.Decimal(0))
    sxx = sum((c.multiply(x, x) for x in xs), decimal.Decimal(0))
    N = decimal.Decimal(n)
    b = c.divide(c.subtract(c.multiply(N, sxy), c.multiply(sx, sy)), c.subtract(c.multiply(N, sxx), c.multiply(sx, sx)))
    lna = c.divide(c.subtract(sy, c.multiply(b, sx)), N)
    r = c.exp(c.add(lna, c.multiply(b, c.ln(N))))
    r = min(max(r, decimal.Decimal(0)), decimal.Decimal(100))
    return Fraction(r), True


def mode_of(pcts, tie_break):
    counts, last = {}, {}
    for i, p in enumerate(pcts):
        counts[p] = counts.get(p, 0) + 1
        last[p] = i
    top = max(counts.values())
    tied = [p for p in counts if counts[p] == top]
    if tie_break == "highest":
        return max(tied)
    return max(tied, key=lambda p: last[p])


def aggregate(kind, cat, entries):
    """entries: counted entries in category order (after drops)."""
    if kind == "points":
        possible = sum((e["possible"] for e in entries if not e["ec"]), Fraction(0))
        if possible == 0:
            return None, False
        earned = sum((e["earned"] for e in entries), Fraction(0))
        v = 100 * earned / possible
        return v, not terminates(v)
    pcts = [e["pct"] for e in entries if not e["ec"] and e["pct"] is not None]
    if not pcts:
        return None, False
    if kind == "mean":
        v = sum(pcts, Fraction(0)) / len(pcts)
    elif kind == "median":
        s = sorted(pcts)
        n = len(s)
        v = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    elif kind == "highest":
        v = max(pcts)
    elif kind == "most_recent":
        v = pcts[-1]
    elif kind == "decaying":
        w = frac(cat.get("decay_weight", Fraction(65, 100)))
        v = pcts[0]
        for p in pcts[1:]:
            v = v * (1 - w) + p * w
    elif kind == "power_law":
        return power_law(pcts)
    elif kind == "mode":
        v = mode_of(pcts, cat.get("tie_break", "most_recent"))
    else:
        raise Unsupported("aggregate %r" % kind)
    return v, not terminates(v)


def apply_drops(kind, cat, entries):
    k = int(cat.get("drop_lowest", 0) or 0)
    h = int(cat.get("drop_highest", 0) or 0)
    if not k and not h:
        return entries
    never = set(cat.get("never_drop") or [])
    nonec = [e for e in entries if not e["ec"]]
    if any(e["pct"] is None for e in nonec):
        raise Unsupported("drops with a 0-possible assignment")
    cands = [e for e in nonec if e["name"] not in never]
    m = len(nonec)
    k2 = max(0, min(k, len(cands), m - 1))
    h2 = max(0, min(h, len(cands) - k2, m - 1 - k2))

    def without(drop):
        ids = {id(e) for e in drop}
        return [e for e in entries if id(e) not in ids]

    if kind == "points":
        def pct(rest):
            return aggregate("points", cat, rest)[0]

        best, sets = None, []
        for combo in itertools.combinations(cands, k2):
            v = pct(without(combo))
            if best is None or v > best:
                best, sets = v, [combo]
            elif v == best:
                sets.append(combo)
        outcomes = set()
        results = []
        for first in sets:
            rest_c = [e for e in cands if all(e is not x for x in first)]
            low, sets2 = None, []
            for combo in itertools.combinations(rest_c, h2):
                v = pct(without(first + combo))
                if low is None or v < low:
                    low, sets2 = v, [combo]
                elif v == low:
                    sets2.append(combo)
            outcomes.add(low)
            results.append(without(first + sets2[0]))
        if len(outcomes) != 1:
            raise Unsupported("points drops: equally good first drops lead to different results")
        return results[0]
    asc = sorted(cands, key=lambda e: (e["pct"], e["pos"]))
    low = asc[:k2]
    rest_c = [e for e in cands if all(e is not x for x in low)]
    desc = sorted(rest_c, key=lambda e: (-e["pct"], e["pos"]))
    return without(low + desc[:h2])


def order_items(book, cat_name):
    items = [(j, a) for j, a in enumerate(book["assignments"]) if a["category"] == cat_name]
    if items and all(a.get("due") for _, a in items):
        items.sort(key=lambda ja: (ja[1]["due"], ja[0]))
    return [a for _, a in items]


def to_points(x):
    """Points are kept to a millionth of a point, rounded half-even."""
    return round_frac(x, 6, "half_even")


def late_deduction(g, expr, days, pct, possible, cat, name):
    env = {"days_late": days, "percent": float(pct), "possible": float(possible), "category": cat, "assignment": name}
    return number_from_expr(eval_expr(expr, env, BASE_FUNCS))


def category_percent(norms, cat, book, scores, projected):
    g = norms["grading"]
    floor = frac(g.get("floor", 0) or 0)
    late_src = g.get("late")
    late_expr = parse_expr(late_src) if late_src else None
    missing = g.get("missing", "zero")
    ungraded = g.get("ungraded", "exclude")
    kind = cat.get("aggregate", "points")
    entries = []
    inexact = False
    for pos, a in enumerate(order_items(book, cat["name"])):
        possible = frac(a["possible"])
        ec = bool(a.get("extra_credit"))
        st, earned, days = scores[a["name"]]
        if st == "excused":
            continue
        if st == "blank":
            if not (projected or ungraded == "zero"):
                continue
            if floor > 0 and not ec and possible > 0:
                raise Unsupported("a blank counted as zero under a floor")
            earned = Fraction(0)
        elif st == "missing":
            if missing == "exclude":
                continue
            if missing == "zero" or missing is None:
                earned = Fraction(0)
            else:
                # a missing-work percent becomes points kept to a millionth (half-even)
                earned = to_points(possible * frac(str(missing).rstrip("%")) / 100)
        else:
            if earned > possible and possible > 0 and not ec and not g.get("allow_over_possible"):
                raise ValueError("%s on %s is over its possible points (a data error)" % (earned, a["name"]))
            if ec:
                if days > 0 and late_expr:
                    raise Unsupported("late extra credit")
            elif possible == 0:
                if floor > 0 or (days > 0 and late_expr):
                    raise Unsupported("floor or late on a 0-possible assignment")
            else:
                # the floor and a deduction become points kept to a millionth
                # (half-even); adjusted earned = max(earned - deduction, floor)
                floor_pts = to_points(possible * floor / 100)
                if days > 0 and late_expr:
                    p = 100 * earned / possible
                    ded = late_deduction(g, late_expr, days, p, possible, cat["name"], a["name"])
                    if ded < 0:
                        raise Unsupported("negative late deduction (a student error)")
                    ded_pts = to_points(possible * ded / 100)
                    adj = max(earned - ded_pts, floor_pts)
                    # the draft does not say whether the deduction alone or the
                    # adjusted score is rounded; refuse a case where it matters
                    if adj != to_points(possible * max(p - ded, floor) / 100):
                        raise Unsupported("rounding the deduction vs the adjusted score differ here")
                    earned = adj
                else:
                    earned = max(earned, floor_pts)
        pct = None if (ec or possible == 0) else 100 * earned / possible
        if pct is not None and not terminates(pct):
            inexact = True
        entries.append({"name": a["name"], "pos": pos, "possible": possible, "ec": ec, "earned": earned, "pct": pct})
    kept = apply_drops(kind, cat, entries)
    v, inx = aggregate(kind, cat, kept)
    return v, inexact or inx


def grade(norms, book, student, projected):
    g = norms["grading"]
    possible = {a["name"]: frac(a["possible"]) for a in book["assignments"]}
    raw = student.get("scores") or {}
    for name in raw:
        if name not in possible:
            raise ValueError("student %s has a score for unknown assignment %r" % (student["id"], name))
    scores = {n: parse_score(raw.get(n), possible[n]) for n in possible}
    counts = {
        "missing_count": sum(1 for s in scores.values() if s[0] == "missing"),
        "late_count": sum(1 for s in scores.values() if s[0] == "graded" and s[2] > 0),
        "excused_count": sum(1 for s in scores.values() if s[0] == "excused"),
        "ungraded_count": sum(1 for s in scores.values() if s[0] == "blank"),
    }
    cats, cat_inexact = {}, {}
    inexact = False
    num, den = Fraction(0), Fraction(0)
    empty_zero = g.get("empty_categories", "reweight") == "zero"
    for cat in g["categories"]:
        v, inx = category_percent(norms, cat, book, scores, projected)
        cats[cat["name"]] = v
        cat_inexact[cat["name"]] = inx
        w = frac(cat["weight"])
        if v is None:
            if empty_zero:
                den += w
            continue
        inexact = inexact or inx
        num += w * v
        den += w
    weighted = num / den if den > 0 else None
    if weighted is not None and not terminates(weighted):
        inexact = True

    env = dict(counts)
    for cat in g["categories"]:
        v = cats[cat["name"]]
        env[identifier(cat["name"])] = float("nan") if v is None else float(v)
    env["weighted"] = float("nan") if weighted is None else float(weighted)
    funcs = dict(BASE_FUNCS)
    funcs["graded"] = lambda name: cats[name] is not None

    final = weighted
    if g.get("final"):
        if weighted is None:
            raise Unsupported("a final expression with nothing counted")
        final = number_from_expr(eval_expr(parse_expr(g["final"]), env, funcs))
        inexact = False  # a float result is a short exact decimal from here on
    rnd = g.get("round") or {}
    places, mode = int(rnd.get("places", 0) or 0), rnd.get("mode", "half_up")
    rounded, letter = None, ""
    if final is not None:
        if mode == "none" and not terminates(final):
            raise Unsupported("round mode none on a non-terminating final")
        check_boundary(final, inexact, places, mode, "final")
        rounded = round_frac(final, places, mode)
        basis = final if g.get("letters_from", "rounded") == "exact" else rounded
        for L in g.get("letters") or []:
            m = frac(L["min"])
            if basis == m and inexact and g.get("letters_from") == "exact":
                raise Fragile("exact final sits on a letter cutoff")
            if m <= basis:
                letter = L["letter"]
                break
    return {"cats": cats, "cat_inexact": cat_inexact, "final": final, "rounded": rounded, "letter": letter, "env": env, "funcs": funcs, "counts": counts}


def student_result(norms, book, student):
    cur = grade(norms, book, student, projected=False)
    proj = grade(norms, book, student, projected=True)
    env = dict(cur["env"])
    env["final"] = float("nan") if cur["final"] is None else float(cur["final"])
    env["rounded"] = float("nan") if cur["rounded"] is None else float(cur["rounded"])
    env["letter"] = cur["letter"]
    flags = []
    for f in norms.get("flags") or []:
        v = eval_expr(parse_expr(f["when"]), env, cur["funcs"])
        if not isinstance(v, bool):
            raise Unsupported("flag %r is not a bool" % f["name"])
        if v:
            flags.append(f["name"])
    cats = {}
    for name, v in cur["cats"].items():
        if v is None:
            cats[name] = None
        else:
            check_boundary(v, cur["cat_inexact"][name] or not terminates(v), 2, "half_up", "category %s" % name)
            cats[name] = dec_str(round_frac(v, 2, "half_up"))
    return {
        "id": student["id"],
        "categories": cats,
        "rounded": None if cur["rounded"] is None else dec_str(cur["rounded"]),
        "letter": cur["letter"],
        "projected": None if proj["rounded"] is None else dec_str(proj["rounded"]),
        "projected_letter": proj["letter"],
        "flags": flags,
        "missing_count": cur["counts"]["missing_count"],
    }


# ---------------------------------------------------------------------------
# Error cases: the oracle checks that each expected position points at the
# token the case is about (the anchor), and that the code is one the draft names.
# ---------------------------------------------------------------------------

# For each error case, one anchor per expected error: the text the error's
# position must point at, as (text, n) for its n-th occurrence in the norms
# (1-based); for a column of 0 (not compared) the line must contain the text;
# None for a gradebook error. The oracle derives line and column from the
# anchor and checks them against the case file.
ANCHORS = {
    "e01-unknown-key.json": [("dropp_lowest", 1)],
    "e02-type-int.json": [("two", 1)],
    "e03-syntax-tab.json": [("\t", 1)],
    "e04-weight-negative.json": [("-10", 1)],
    "e05-letters-order.json": [("85", 1)],
    "e06-letters-cover.json": [("70", 1)],
    "e07-expr-unknown-category.json": [("Quizes", 1)],
    "e08-duplicate-category.json": [("Homework", 2)],
    "e09-gradebook-duplicate-id.json": [None],
    "e10-type-decimal.json": [("heavy", 1)],
    "e11-expr-quoted-final.json": [("Test)", 1)],
    "e12-type-missing-policy.json": [("fifty", 1)],
}

# What each code means, checked on the anchor's surroundings.
ERROR_CODES = {"norms/unknown-key", "norms/type", "norms/syntax", "norms/weight-negative", "norms/letters-order",
               "norms/letters-cover", "norms/expr", "norms/duplicate-name", "gradebook/duplicate-id"}


def _occurrence(text, anchor, n):
    i = -1
    for _ in range(n):
        i = text.find(anchor, i + 1)
        if i < 0:
            return None
    line = text.count("\n", 0, i) + 1
    col = i - (text.rfind("\n", 0, i) + 1) + 1
    return line, col


def check_error_case(case):
    problems = []
    text = case.get("norms", "")
    anchors = ANCHORS.get(case["_file"])
    errs = case["expect"]["errors"]
    if anchors is None or len(anchors) != len(errs):
        return ["ANCHORS in oracle.py must give one anchor per expected error"]
    if not errs:
        return ["an error case expects at least one error"]
    for err, anchor in zip(errs, anchors):
        code = err.get("code", "")
        if code not in ERROR_CODES:
            problems.append("unknown error code %r" % code)
        if code.startswith("gradebook/"):
            if anchor is not None or "line" in err or "column" in err:
                problems.append("a gradebook error has no position")
            if code == "gradebook/duplicate-id":
                ids = [s["id"] for s in case["gradebook"]["students"]]
                if len(ids) == len(set(ids)):
                    problems.append("no duplicate id in the gradebook")
            try:
                load_norms(text)
            except Exception as e:  # noqa: BLE001
                problems.append("the norms of a gradebook error case must load: %s" % e)
            continue
        where = _occurrence(text, anchor[0], anchor[1])
        if where is None:
            problems.append("anchor %r not found" % (anchor,))
            continue
        line, col = where
        if err.get("line") != line:
            problems.append("%s: line %s, but the anchor %r is on line %d" % (code, err.get("line"), anchor[0], line))
        if err.get("column", 0) != 0 and err["column"] != col:
            problems.append("%s: column %s, but the anchor %r is at column %d" % (code, err["column"], anchor[0], col))
        src = text.split("\n")[line - 1]
        # the anchor must be what the code is about
        if code == "norms/unknown-key" and not src[col - 1:].startswith(anchor[0] + ":"):
            problems.append("unknown-key must point at a key")
        if code in ("norms/type", "norms/weight-negative", "norms/letters-order", "norms/letters-cover", "norms/duplicate-name") \
                and src[:col - 1].rstrip()[-1:] not in (":",):
            problems.append("%s must point at a value" % code)
        if code == "norms/syntax":
            try:
                load_norms(text)
                problems.append("the oracle's YAML reader accepts this text")
            except Exception:  # noqa: BLE001
                pass
        if code == "norms/weight-negative" and not frac(anchor[0]) < 0:
            problems.append("the weight is not negative")
        if code in ("norms/letters-order", "norms/letters-cover", "norms/duplicate-name"):
            norms = load_norms(text)
            g = norms["grading"]
            mins = [frac(L["min"]) for L in g["letters"]]
            if code == "norms/letters-order":
                bad = [i for i in range(1, len(mins)) if mins[i] >= mins[i - 1]]
                if not bad or str(g["letters"][bad[0]]["min"]) != anchor[0]:
                    problems.append("the first out-of-order min is not %s" % anchor[0])
            if code == "norms/letters-cover" and not (mins[-1] > 0 and str(g["letters"][-1]["min"]) == anchor[0]):
                problems.append("the lowest min is not %s" % anchor[0])
            if code == "norms/duplicate-name":
                names = [c["name"] for c in g["categories"]]
                if names.count(anchor[0]) < 2:
                    problems.append("no duplicate category %s" % anchor[0])
        if code == "norms/expr":
            norms = load_norms(text)
            known = {identifier(c["name"]) for c in norms["grading"]["categories"]}
            ident = re.match(r"[A-Za-z_][A-Za-z0-9_]*", anchor[0]).group(0)
            if ident in known:
                problems.append("%s is a known category" % ident)
    return problems


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def load_case(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_float=decimal.Decimal, parse_int=int)


def to_fractions(v):
    if isinstance(v, decimal.Decimal):
        return Fraction(v)
    if isinstance(v, dict):
        return {k: to_fractions(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_fractions(x) for x in v]
    return v


def compute(case):
    norms = load_norms(case["norms"])
    book = to_fractions(case["gradebook"])
    return [student_result(norms, book, s) for s in book["students"]]


def compare(expected, got):
    diffs = []
    by_id = {s["id"]: s for s in got}
    if [s["id"] for s in expected] != [s["id"] for s in got]:
        diffs.append("students: expected ids %s, oracle %s" % ([s["id"] for s in expected], [s["id"] for s in got]))
    for e in expected:
        g = by_id.get(e["id"])
        if g is None:
            continue
        for k in ("rounded", "letter"):
            if k not in e:
                diffs.append("%s: expect has no %s" % (e["id"], k))
        for k, v in e.items():
            if k == "id":
                continue
            if k not in g:
                diffs.append("%s: the oracle does not compute %s" % (e["id"], k))
                continue
            gv = g[k]
            if isinstance(v, decimal.Decimal):
                v = str(v)
            if k == "categories":
                for cn, cv in v.items():
                    if cn not in gv:
                        diffs.append("%s: no category %r" % (e["id"], cn))
                    elif cv != gv[cn]:
                        diffs.append("%s: categories[%s] expected %r, oracle %r" % (e["id"], cn, cv, gv[cn]))
            elif v != gv:
                diffs.append("%s: %s expected %r, oracle %r" % (e["id"], k, v, gv))
    return diffs


# A small JSON writer that keeps the files readable: short containers inline.
def dump(v, ind=0):
    def inline(x):
        if isinstance(x, decimal.Decimal):
            return str(x)
        if isinstance(x, dict):
            return "{" + ", ".join(json.dumps(k) + ": " + inline(val) for k, val in x.items()) + "}"
        if isinstance(x, list):
            return "[" + ", ".join(inline(i) for i in x) + "]"
        return json.dumps(x, ensure_ascii=False)

    one = inline(v)
    if len(one) + ind <= 150 or not isinstance(v, (dict, list)) or not v:
        return one
    pad = " " * (ind + 2)
    if isinstance(v, dict):
        parts = [pad + json.dumps(k) + ": " + dump(val, ind + 2) for k, val in v.items()]
        return "{\n" + ",\n".join(parts) + "\n" + " " * ind + "}"
    return "[\n" + ",\n".join(pad + dump(i, ind + 2) for i in v) + "\n" + " " * ind + "]"


def main(argv):
    mode = "compare"
    files = []
    for a in argv:
        if a == "--write":
            mode = "write"
        elif a == "--show":
            mode = "show"
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            files.append(a)
    if mode == "write" and not files:
        print("--write needs the case files to fill, named one by one")
        return 2
    if not files:
        files = sorted(os.path.join(HERE, f) for f in os.listdir(HERE) if re.match(r"^[ge]\d\d-.*\.json$", f))
    ok = bad = 0
    for path in files:
        name = os.path.basename(path)
        case = load_case(path)
        case["_file"] = name
        try:
            if "errors" in case["expect"]:
                problems = check_error_case(case)
                if mode == "show":
                    print("%s: error case %s" % (name, case["expect"]["errors"]))
                    continue
            else:
                got = compute(case)
                if mode == "show":
                    print("%s:" % name)
                    for s in got:
                        print("  " + dump(s, 2))
                    continue
                if mode == "write":
                    del case["_file"]
                    case["expect"]["students"] = got
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(dump(case) + "\n")
                    print("%s: wrote %d students" % (name, len(got)))
                    continue
                problems = compare(case["expect"].get("students") or [], got)
                if not case["expect"].get("students"):
                    problems.append("expect.students is empty")
        except (Unsupported, Fragile) as e:
            problems = ["%s: %s" % (type(e).__name__.upper(), e)]
            if mode != "compare":
                print("%s: %s" % (name, problems[0]))
                bad += 1
                continue
        if problems:
            bad += 1
            print("FAIL %s" % name)
            for p in problems:
                print("     " + p)
        else:
            ok += 1
            print("ok   %s" % name)
    if mode == "compare":
        print("\n%d cases agree, %d disagree (of %d)" % (ok, bad, ok + bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
