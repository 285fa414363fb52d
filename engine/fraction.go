package engine

import (
	"math/big"
	"math/bits"
)

// frac is a non-negative exact fraction num/den (den > 0) of 64-bit
// integers, in lowest terms. Category percents of the points aggregate are
// such fractions (100·earned / possible), and so is a weighted final of them
// when the weights are decimals: the usual grade is computed exactly in
// machine words, and only its printed digits are rounded, once. Every
// operation reports overflow (ok false), and the caller then takes the
// general path (apd decimals, math/big near boundaries), so no input is
// out of reach, only off the fast path.
type frac struct{ num, den uint64 }

// pow10u[k] is 10^k; 10^19 is the largest power of ten in a uint64.
var pow10u = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// gcd64 is Stein's binary greatest common divisor (gcd64(0, b) = b).
func gcd64(a, b uint64) uint64 {
	if a == 0 {
		return b
	}
	if b == 0 {
		return a
	}
	shift := bits.TrailingZeros64(a | b)
	a >>= bits.TrailingZeros64(a)
	for b != 0 {
		b >>= bits.TrailingZeros64(b)
		if a > b {
			a, b = b, a
		}
		b -= a
	}
	return a << shift
}

// newFrac is n/d in lowest terms; d must not be zero.
func newFrac(n, d uint64) frac {
	if g := gcd64(n, d); g > 1 {
		n, d = n/g, d/g
	}
	return frac{n, d}
}

// mul64 is a·b, ok false when it does not fit in 64 bits.
func mul64(a, b uint64) (uint64, bool) {
	hi, lo := bits.Mul64(a, b)
	return lo, hi == 0
}

// add returns f + e in lowest terms.
func (f frac) add(e frac) (frac, bool) {
	g := gcd64(f.den, e.den)
	fd, ed := f.den/g, e.den/g
	a, ok1 := mul64(f.num, ed)
	b, ok2 := mul64(e.num, fd)
	den, ok3 := mul64(f.den, ed)
	num, carry := bits.Add64(a, b, 0)
	if !ok1 || !ok2 || !ok3 || carry != 0 {
		return frac{}, false
	}
	return newFrac(num, den), true
}

// scale returns f·k/d in lowest terms (d > 0).
func (f frac) scale(k, d uint64) (frac, bool) {
	g1, g2 := gcd64(k, f.den), gcd64(f.num, d)
	num, ok1 := mul64(f.num/g2, k/g1)
	den, ok2 := mul64(f.den/g1, d/g2)
	if !ok1 || !ok2 {
		return frac{}, false
	}
	return frac{num, den}, true
}

// cmpScaled compares f with c/s (s > 0) exactly.
func (f frac) cmpScaled(c, s uint64) int {
	h1, l1 := bits.Mul64(f.num, s)
	h2, l2 := bits.Mul64(c, f.den)
	return cmp128(u128{h1, l1}, u128{h2, l2})
}

// decimal is f to the 19 significant digits of ctx, rounded half to even
// exactly as apd's division in ctx rounds (a test compares the two on
// random fractions), and whether that was exact. ok is false below 1 and at
// 10^19 or more, which the callers leave to apd.
func (f frac) decimal() (d Decimal, exact, ok bool) {
	if f.num == 0 {
		return Decimal{}, true, true
	}
	q0 := f.num / f.den
	if q0 == 0 {
		return Decimal{}, false, false
	}
	digits := decimalDigits(q0)
	if digits > 19 {
		return Decimal{}, false, false
	}
	// num·10^k/den has exactly 19 digits, so it fits the 64-bit quotient
	// (hi < den holds).
	k := 19 - digits
	hi, lo := bits.Mul64(f.num, pow10u[k])
	q, r := bits.Div64(hi, lo, f.den)
	if rest := f.den - r; r > rest || (r == rest && q&1 == 1) {
		q++
		if q == pow10u[19] {
			q, k = pow10u[18], k-1
		}
	}
	return decimalOf(q, k), r == 0, true
}

// round rounds f to places decimal places with one of the norms' modes,
// exactly (the same rules as roundRat, on machine words), and gives the
// rounded value also as a fraction (q/10^places) for exact comparisons;
// with mode none that fraction is zero (den 0): the decimal is f to 19
// digits. ok is false when the scaled value does not fit in 64 bits.
func (f frac) round(places int, mode string) (Decimal, frac, bool) {
	if mode == "none" {
		d, _, ok := f.decimal()
		return d, frac{}, ok
	}
	hi, lo := bits.Mul64(f.num, pow10u[places])
	if hi >= f.den {
		return Decimal{}, frac{}, false
	}
	q, r := bits.Div64(hi, lo, f.den)
	rest := f.den - r
	up := false
	switch mode {
	case "down":
	case "up":
		up = r != 0
	case "half_even":
		up = r > rest || (r == rest && q&1 == 1)
	default: // half_up
		up = r >= rest
	}
	if up {
		q++
	}
	return decimalOf(q, places), frac{q, pow10u[places]}, true
}

// rat is f as a math/big fraction, for the general letter comparison.
func (f frac) rat() *big.Rat {
	return new(big.Rat).SetFrac(new(big.Int).SetUint64(f.num), new(big.Int).SetUint64(f.den))
}

// decimalOf is q·10^-k with trailing zeros stripped, the form reduced()
// gives, so results print the same whichever path computed them.
func decimalOf(q uint64, k int) Decimal {
	var d Decimal
	if q == 0 {
		return d
	}
	for q%10 == 0 {
		q /= 10
		k--
	}
	d.d.Coeff.SetUint64(q)
	d.d.Exponent = int32(-k)
	return d
}

// decimalDigits is the number of decimal digits of n > 0.
func decimalDigits(n uint64) int {
	d := 1
	for d < len(pow10u) && n >= pow10u[d] {
		d++
	}
	return d
}

// scaledDecimal is a non-negative decimal as an integer over a power of ten
// (89.5 = 895/10), for exact comparisons with fractions; ok is false when it
// does not fit.
func scaledDecimal(d Decimal) (c, s uint64, ok bool) {
	r := d.reduced()
	if r.Sign() < 0 || !r.d.Coeff.IsInt64() {
		return 0, 0, false
	}
	c, e := uint64(r.d.Coeff.Int64()), int(r.d.Exponent)
	for ; e > 0; e-- {
		if c, ok = mul64(c, 10); !ok {
			return 0, 0, false
		}
	}
	if -e >= len(pow10u) {
		return 0, 0, false
	}
	return c, pow10u[-e], true
}
