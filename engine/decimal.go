package engine

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"

	"github.com/cockroachdb/apd/v3"
)

// Decimal is an exact decimal number, written in norms files and results as
// plain text ("0.1", "89.5"), so weights like 0.1 and 0.2 never drift and a
// final of exactly 89.5 rounds the same way on every machine.
type Decimal struct{ d apd.Decimal }

// ctx is the arithmetic context of the decimal pipeline: 19 significant
// digits, far beyond any grade's precision (6 decimal places at most), and
// few enough that apd computes in 128-bit words without allocating. The
// usual final is an exact fraction instead (grader.fractionFinal), printed
// to these 19 digits (frac.decimal rounds exactly as a division in ctx).
// Elsewhere quotients such as 200/3 are rounded in the 19th digit; where
// that could change a rounded final or a letter (within 10^-12 of a
// boundary), the final is decided on exact fractions (grader.roundFinal),
// so no answer depends on this precision. It is a
// value, never mutated, so sharing it is safe.
var ctx = apd.Context{
	Precision:   19,
	MaxExponent: apd.MaxExponent,
	MinExponent: apd.MinExponent,
	Rounding:    apd.RoundHalfEven,
	Traps:       apd.DefaultTraps,
}

// ParseDecimal reads a decimal such as "89.5", "-3" or "1e2".
func ParseDecimal(s string) (Decimal, error) {
	var d Decimal
	_, _, err := d.d.SetString(s)
	if err != nil || d.d.Form != apd.Finite {
		return Decimal{}, fmt.Errorf("%q is not a number", s)
	}
	return d, nil
}

// MustDecimal is ParseDecimal for constants in code and tests; it panics on
// a malformed literal, which is a programming error.
func MustDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DecimalFromInt returns the decimal n·10^exp.
func DecimalFromInt(n int64, exp int32) Decimal {
	var d Decimal
	d.d.SetFinite(n, exp)
	return d
}

// decimalFromFloat converts an expression's float result to the shortest
// decimal that reads back as the same float. Float arithmetic in Go (and in
// expr's VM, which applies one operator at a time, so nothing is fused into
// an FMA) is IEEE-exact on every platform, so this is identical everywhere.
func decimalFromFloat(f float64) (Decimal, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Decimal{}, fmt.Errorf("the expression gave %v, not a number", f)
	}
	return ParseDecimal(strconv.FormatFloat(f, 'g', -1, 64))
}

// String is the decimal in plain notation, without exponent or trailing
// zeros ("89.5"), the form every face prints.
func (d Decimal) String() string { return string(d.appendPlain(nil)) }

// AppendText appends the decimal in the plain notation of String (it is
// an encoding.TextAppender): encoders of whole reports write each number
// without a string of its own.
func (d Decimal) AppendText(b []byte) ([]byte, error) { return d.appendPlain(b), nil }

// appendPlain writes coefficient digits and a point in machine words when
// the coefficient fits in 64 bits, as every grade's does; apd's Text
// prints the rest. A test compares the two on many decimals.
func (d Decimal) appendPlain(b []byte) []byte {
	if d.d.Form != apd.Finite || !d.d.Coeff.IsInt64() || d.d.Exponent > 30 || d.d.Exponent < -40 {
		r := d.reduced()
		return append(b, r.d.Text('f')...)
	}
	c, exp := uint64(d.d.Coeff.Int64()), int(d.d.Exponent)
	if c == 0 {
		return append(b, '0')
	}
	for c%10 == 0 {
		c /= 10
		exp++
	}
	if d.d.Negative {
		b = append(b, '-')
	}
	var digits [20]byte
	ds := strconv.AppendUint(digits[:0], c, 10)
	switch {
	case exp >= 0:
		b = append(b, ds...)
		for ; exp > 0; exp-- {
			b = append(b, '0')
		}
	case -exp < len(ds):
		point := len(ds) + exp
		b = append(b, ds[:point]...)
		b = append(b, '.')
		b = append(b, ds[point:]...)
	default:
		b = append(b, '0', '.')
		for k := len(ds); k < -exp; k++ {
			b = append(b, '0')
		}
		b = append(b, ds...)
	}
	return b
}

// Round rounds d to places decimal places with one of the norms' rounding
// modes (half_up, half_even, down, up, none), for display and for faces
// that must show the same digits as the CLI.
func (d Decimal) Round(places int, mode string) Decimal { return roundDecimal(d, places, mode) }

// rat is d as an exact fraction, for the rare decisions that need one.
func (d Decimal) rat() *big.Rat {
	r, _ := new(big.Rat).SetString(d.String())
	return r
}

// Float64 is the nearest float, for handing to expressions.
func (d Decimal) Float64() float64 {
	// Fast path, exact like strconv's: a coefficient below 2^53 and a
	// power of ten that is itself an exact float give a correctly rounded
	// quotient or product. Grades are mostly such short numbers.
	if d.d.Form == apd.Finite && d.d.Exponent >= -22 && d.d.Exponent <= 22 && d.d.Coeff.IsInt64() {
		if c := d.d.Coeff.Int64(); c >= 0 && c < 1<<53 {
			f := float64(c)
			if d.d.Exponent < 0 {
				f /= pow10[-d.d.Exponent]
			} else {
				f *= pow10[d.d.Exponent]
			}
			if d.d.Negative {
				f = -f
			}
			return f
		}
	}
	f, _ := d.d.Float64()
	return f
}

var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// IsZero reports whether d is zero.
func (d Decimal) IsZero() bool { return d.d.IsZero() }

// Sign is -1, 0 or 1.
func (d Decimal) Sign() int { return d.d.Sign() }

// Cmp compares d and e: -1, 0 or 1.
func (d Decimal) Cmp(e Decimal) int { return d.d.Cmp(&e.d) }

func (d Decimal) add(e Decimal) Decimal {
	var r Decimal
	_, _ = ctx.Add(&r.d, &d.d, &e.d)
	return r
}

func (d Decimal) sub(e Decimal) Decimal {
	var r Decimal
	_, _ = ctx.Sub(&r.d, &d.d, &e.d)
	return r
}

func (d Decimal) mul(e Decimal) Decimal {
	var r Decimal
	_, _ = ctx.Mul(&r.d, &d.d, &e.d)
	return r
}

// quo divides; callers guarantee e is not zero.
func (d Decimal) quo(e Decimal) Decimal {
	var r Decimal
	_, _ = ctx.Quo(&r.d, &d.d, &e.d)
	return r
}

// reduced strips trailing zeros (89.50 -> 89.5) so results print the same
// whatever path computed them.
func (d Decimal) reduced() Decimal {
	var r Decimal
	r.d.Reduce(&d.d)
	if r.d.IsZero() {
		r.d.Negative = false
		r.d.Exponent = 0
	}
	return r
}

// MarshalJSON writes the decimal as a JSON string of its exact digits
// ("89.5"). A JSON number would do in Go, but JavaScript reads every JSON
// number as a 64-bit float, and the browser and HTTP faces must hand over
// the very digits the CLI prints; so every face writes strings.
func (d Decimal) MarshalJSON() ([]byte, error) {
	b := append(make([]byte, 0, 24), '"')
	return append(d.appendPlain(b), '"'), nil
}

// UnmarshalJSON reads a JSON number or a numeric string, exactly.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(s) >= 2 && s[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	v, err := ParseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Points counts points possible or earned exactly, in millionths of a point.
// Scores are summed for every student on every assignment, and integer sums
// are far cheaper than decimal ones while being just as exact; a score with
// more than six decimal places is refused when read.
type Points int64

// pointsScale is how many Points make one point.
const pointsScale = 1_000_000

// maxPoints bounds any single score or points possible (a billion points), so
// that sums over any realistic gradebook cannot overflow int64.
const maxPoints = Points(1_000_000_000) * pointsScale

// PointsFromDecimal converts an exact decimal to Points, failing when it has
// more than six decimal places or is out of range.
func PointsFromDecimal(d Decimal) (Points, error) {
	var scaled apd.Decimal
	_, err := ctx.Mul(&scaled, &d.d, apd.New(pointsScale, 0))
	if err != nil {
		return 0, err
	}
	var integral apd.Decimal
	if _, err := ctx.Quantize(&integral, &scaled, 0); err != nil || integral.Cmp(&scaled) != 0 {
		return 0, fmt.Errorf("%s has more than 6 decimal places", d)
	}
	n, err := integral.Int64()
	if err != nil || n > int64(maxPoints) || n < -int64(maxPoints) {
		return 0, fmt.Errorf("%s is out of range", d)
	}
	return Points(n), nil
}

// Decimal is p as an exact decimal number of points.
func (p Points) Decimal() Decimal {
	return DecimalFromInt(int64(p), 0).quo(DecimalFromInt(pointsScale, 0)).reduced()
}

// String prints p as a number of points ("9.5").
func (p Points) String() string { return p.Decimal().String() }

// percentOf is 100·p/of as an exact decimal; of must not be zero.
func percentOf(p, of Points) Decimal {
	d, _ := percentOfExact(p, of)
	return d
}

// percentOfExact is percentOf and whether the quotient is exact (not
// rounded to 19 digits), so that rounding knows when to trust it.
func percentOfExact(p, of Points) (Decimal, bool) {
	if p >= 0 && p <= maxPoints && of > 0 {
		if d, exact, ok := (frac{uint64(p) * 100, uint64(of)}).decimal(); ok {
			return d, exact
		}
	}
	var r Decimal
	num, den := DecimalFromInt(int64(p), 2), DecimalFromInt(int64(of), 0)
	c, _ := ctx.Quo(&r.d, &num.d, &den.d)
	return r, !c.Inexact()
}

// roundDecimal rounds d to places with one of the documented modes.
func roundDecimal(d Decimal, places int, mode string) Decimal {
	if mode == "none" {
		return d.reduced()
	}
	c := ctx
	switch mode {
	case "half_even":
		c.Rounding = apd.RoundHalfEven
	case "down":
		c.Rounding = apd.RoundDown
	case "up":
		c.Rounding = apd.RoundUp
	default:
		c.Rounding = apd.RoundHalfUp
	}
	var r Decimal
	_, _ = c.Quantize(&r.d, &d.d, int32(-places))
	if mode == "up" && r.IsZero() && !d.IsZero() {
		// apd drops a value whose every digit lies past the rounding
		// place without rounding it up (0.001 "up" to 0 places gave 0);
		// away from zero, any such value is one step.
		r = DecimalFromInt(1, int32(-places))
		r.d.Negative = d.d.Negative
	}
	return r.reduced()
}
