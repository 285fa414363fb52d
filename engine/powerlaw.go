package engine

// powerLaw is Marzano's power law score: the least-squares line through
// (ln t, ln s_t) for t = 1..n in assignment order, read at t = n, that is
// a·n^b with ln a = (Σy − b·Σx)/n. It is computed in decimal (apd's Ln and
// Exp) rather than with math.Log and math.Exp, whose last bits differ
// between platforms with and without assembly versions.
//
// With fewer than three scores a trend says nothing, so the mean is used.
// ln 0 is undefined, so a percent below 1 is fitted as 1: a zero still pulls
// the trend down hard. The result is clamped to [0, 100].
func powerLaw(v []Decimal) Decimal {
	n := len(v)
	if n < 3 {
		return mean(v)
	}
	one := DecimalFromInt(1, 0)
	var sx, sy, sxx, sxy Decimal
	for i, s := range v {
		x := ln(DecimalFromInt(int64(i+1), 0))
		if s.Cmp(one) < 0 {
			s = one
		}
		y := ln(s)
		sx, sy = sx.add(x), sy.add(y)
		sxx, sxy = sxx.add(x.mul(x)), sxy.add(x.mul(y))
	}
	nd := DecimalFromInt(int64(n), 0)
	den := nd.mul(sxx).sub(sx.mul(sx))
	b := nd.mul(sxy).sub(sx.mul(sy)).quo(den)
	lnA := sy.sub(b.mul(sx)).quo(nd)
	r := exp(lnA.add(b.mul(ln(nd))))
	if r.Cmp(hundred) > 0 {
		return hundred
	}
	if r.Sign() < 0 {
		return Decimal{}
	}
	return r
}

func ln(d Decimal) Decimal {
	var r Decimal
	_, _ = ctx.Ln(&r.d, &d.d)
	return r
}

func exp(d Decimal) Decimal {
	var r Decimal
	_, _ = ctx.Exp(&r.d, &d.d)
	return r
}
