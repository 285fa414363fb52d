package engine

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// checkFrac compares the machine-word fraction arithmetic with apd's
// division in ctx and math/big for one fraction n/d.
func checkFrac(t *testing.T, n, d uint64) {
	t.Helper()
	if d == 0 {
		return
	}
	f := newFrac(n, d)
	exact := new(big.Rat).SetFrac(new(big.Int).SetUint64(n), new(big.Int).SetUint64(d))
	if f.rat().Cmp(exact) != 0 {
		t.Fatalf("newFrac(%d, %d) = %d/%d", n, d, f.num, f.den)
	}
	if got, isExact, ok := f.decimal(); ok {
		var want Decimal
		num, den := DecimalFromInt(0, 0), DecimalFromInt(0, 0)
		num.d.Coeff.SetUint64(n)
		den.d.Coeff.SetUint64(d)
		c, _ := ctx.Quo(&want.d, &num.d, &den.d)
		if got.Cmp(want) != 0 || isExact != !c.Inexact() {
			t.Fatalf("%d/%d: decimal() = %s (exact %v), apd = %s (exact %v)", n, d, got, isExact, want, !c.Inexact())
		}
		if got.String() != want.String() {
			t.Fatalf("%d/%d: prints %s, apd %s", n, d, got, want)
		}
	} else if n >= d && n/d < pow10u[19] {
		t.Fatalf("%d/%d: decimal() refused a value in its range", n, d)
	}
	for places := 0; places <= 6; places++ {
		for _, mode := range []string{"half_up", "half_even", "down", "up"} {
			got, gotFrac, ok := f.round(places, mode)
			if !ok {
				continue
			}
			if want := roundRat(exact, places, mode); got.Cmp(want) != 0 || got.String() != want.String() {
				t.Fatalf("%d/%d round(%d, %s) = %s, roundRat %s", n, d, places, mode, got, want)
			}
			if gotFrac.rat().Cmp(got.rat()) != 0 {
				t.Fatalf("%d/%d round(%d, %s): fraction %d/%d is not %s", n, d, places, mode, gotFrac.num, gotFrac.den, got)
			}
		}
	}
}

func TestFracMatchesApdAndBig(t *testing.T) {
	cases := [][2]uint64{
		{0, 7}, {1, 1}, {200, 3}, {8500, 100}, {7500000000, 100000000}, {1, 3}, {2, 3},
		{894999999, 10000000}, {895, 10}, {1<<64 - 1, 1}, {1<<64 - 1, 3}, {1<<64 - 1, 1<<64 - 2},
		{9999999999999999999, 1}, {99999999999999999999 % (1 << 63), 7}, {5, 10}, {15, 10}, {25, 10},
		{1000000000000000000, 1}, {100, 1 << 40},
	}
	for _, c := range cases {
		checkFrac(t, c[0], c[1])
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		var n, d uint64
		switch i % 4 {
		case 0: // grade-like: 100·earned/possible in millionths
			d = (r.Uint64N(3000) + 1) * 1000000
			n = 100 * r.Uint64N(d+1)
		case 1:
			d = r.Uint64N(1000) + 1
			n = r.Uint64N(200000)
		case 2: // near half steps: (2k+1)/2·10^-p
			d = 2 * pow10u[r.IntN(7)]
			n = 2*r.Uint64N(100000) + 1
		default:
			n, d = r.Uint64(), r.Uint64()>>r.IntN(64)
		}
		checkFrac(t, n, d)
	}
}

func TestFracAddAndScale(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 20000; i++ {
		a := newFrac(r.Uint64N(1<<40), r.Uint64N(1<<30)+1)
		b := newFrac(r.Uint64N(1<<40), r.Uint64N(1<<30)+1)
		sum, ok := a.add(b)
		want := new(big.Rat).Add(a.rat(), b.rat())
		if ok && sum.rat().Cmp(want) != 0 {
			t.Fatalf("%v + %v = %v, want %v", a, b, sum, want)
		}
		if ok && gcd64(sum.num, sum.den) != 1 {
			t.Fatalf("%v + %v = %v: not in lowest terms", a, b, sum)
		}
		k, d := r.Uint64N(1000), r.Uint64N(1000)+1
		s, ok := a.scale(k, d)
		want = new(big.Rat).Mul(a.rat(), big.NewRat(int64(k), int64(d)))
		if ok && s.rat().Cmp(want) != 0 {
			t.Fatalf("%v · %d/%d = %v, want %v", a, k, d, s, want)
		}
		c, sc := r.Uint64N(10000), pow10u[r.IntN(4)]
		if got, want := a.cmpScaled(c, sc), a.rat().Cmp(big.NewRat(int64(c), int64(sc))); got != want {
			t.Fatalf("%v vs %d/%d: %d, want %d", a, c, sc, got, want)
		}
	}
	if _, ok := (frac{1<<63 + 1, 3}).add(frac{1<<63 + 1, 5}); ok {
		t.Error("an overflowing sum was not refused")
	}
}

// FuzzFrac: on any fraction, the fast path agrees with apd and math/big.
func FuzzFrac(f *testing.F) {
	f.Add(uint64(200), uint64(3))
	f.Add(uint64(8950000000), uint64(100000000))
	f.Add(uint64(1<<64-1), uint64(7))
	f.Fuzz(func(t *testing.T, n, d uint64) { checkFrac(t, n, d) })
}

// TestAppendPlainMatchesApd: the machine-word printing of decimals gives
// apd's plain text of the reduced value, digit for digit.
func TestAppendPlainMatchesApd(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	check := func(d Decimal) {
		t.Helper()
		red := d.reduced()
		if got, want := string(d.appendPlain(nil)), red.d.Text('f'); got != want {
			t.Fatalf("coefficient %s exponent %d negative %v: %q, apd %q", d.d.Coeff.String(), d.d.Exponent, d.d.Negative, got, want)
		}
	}
	for _, s := range []string{"0", "-0", "0.000", "89.5", "89.50", "100", "1e2", "1E+5", "-3", "0.001", "-0.05", "9223372036854775807", "1e-40", "123456789012345678901234567890", "12.3e-7"} {
		check(MustDecimal(s))
	}
	for i := 0; i < 20000; i++ {
		var d Decimal
		d.d.Coeff.SetUint64(r.Uint64() >> r.IntN(64))
		d.d.Exponent = int32(r.IntN(60) - 35)
		d.d.Negative = r.IntN(4) == 0
		check(d)
	}
}
