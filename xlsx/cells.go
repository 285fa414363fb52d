package xlsx

import (
	"math"
	"strconv"
	"time"
)

// Cell names and Excel dates, as excelize computes them, for the reading
// and streaming paths that do not link excelize.

// maxCols is Excel's last column, XFD.
const maxCols = 16384

// colName is a column's letters: 1 is A, 28 is AB ("" out of Excel's
// range).
func colName(col int) string {
	if col < 1 || col > maxCols {
		return ""
	}
	var b [3]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}

// cellName names a cell: column 4, row 7 is "D7" ("" out of Excel's
// range, as excelize.CoordinatesToCellName refuses it).
func cellName(col, row int) string {
	c := colName(col)
	if c == "" || row < 1 || row > maxRows {
		return ""
	}
	return c + strconv.Itoa(row)
}

// colNumber reads a column's letters, either case: "ab" is 28.
func colNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i] &^ 0x20
		if c < 'A' || c > 'Z' {
			return 0, false
		}
		n = n*26 + int(c-'A'+1)
		if n > maxCols {
			return 0, false
		}
	}
	return n, true
}

// excelDateToTime is the time of an Excel serial date in the 1900 date
// system, exactly as excelize.ExcelDateToTime gives it (so a due date
// reads the same with and without excelize): Excel counts 1900 as a leap
// year, and uses Julian dates before March 1st, 1900.
func excelDateToTime(excelDate float64) (time.Time, bool) {
	if excelDate < 0 {
		return time.Time{}, false
	}
	date := timeFromExcelTime(excelDate)
	if excelDate >= 1 && excelDate < 60 {
		date = date.AddDate(0, 0, 1)
	}
	return date, true
}

// timeFromExcelTime is excelize's timeFromExcelTime for the 1900 system.
func timeFromExcelTime(excelTime float64) time.Time {
	const (
		nanosInADay  = float64((24 * time.Hour) / time.Nanosecond)
		roundEpsilon = 1e-9
	)
	wholeDaysPart := int(excelTime)
	if wholeDaysPart <= 61 {
		const offset1900 = 15018.0
		const mjd0 float64 = 2400000.5
		return julianDateToGregorianTime(mjd0, excelTime+offset1900)
	}
	floatPart := excelTime - float64(wholeDaysPart) + roundEpsilon
	date := time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC)
	date = date.AddDate(0, 0, wholeDaysPart).Add(time.Duration(nanosInADay * floatPart))
	if date.Nanosecond()/1e6 > 500 {
		return date.Round(time.Second)
	}
	return date.Truncate(time.Second)
}

func julianDateToGregorianTime(part1, part2 float64) time.Time {
	part1I, part1F := math.Modf(part1)
	part2I, part2F := math.Modf(part2)
	julianDays := part1I + part2I
	julianFraction := part1F + part2F
	switch {
	case -0.5 < julianFraction && julianFraction < 0.5:
		julianFraction += 0.5
	case julianFraction >= 0.5:
		julianDays++
		julianFraction -= 0.5
	case julianFraction <= -0.5:
		julianDays--
		julianFraction += 1.5
	}
	// Fliegel and Van Flandern (CACM 11(10), 1968): Julian day to
	// Gregorian date.
	l := int(julianDays) + 68569
	n := (4 * l) / 146097
	l -= (146097*n + 3) / 4
	i := (4000 * (l + 1)) / 1461001
	l = l - (1461*i)/4 + 31
	j := (80 * l) / 2447
	day := l - (2447*j)/80
	l = j / 11
	month := j + 2 - (12 * l)
	year := 100*(n-49) + i + l
	// The fraction of the day, to the microsecond.
	const c1us, c1s, c1day = 1e3, 1e9, 24 * 60 * 60 * 1e9
	frac := int64(c1day*julianFraction + c1us/2)
	nanos := int((frac%c1s)/c1us) * c1us
	frac /= c1s
	secs := int(frac % 60)
	frac /= 60
	mins := int(frac % 60)
	hours := int(frac / 60)
	return time.Date(year, time.Month(month), day, hours, mins, secs, nanos, time.UTC)
}
