package engine

import (
	"fmt"
	"strconv"
	"strings"
)

// Dates in the conduct part are civil days: a day number counted from
// 1970-01-01, with no time zone and no clock. An incident happens on a day a
// teacher wrote down, not at an instant, so day arithmetic (weeks, months,
// "the last 30 days") is exact integer arithmetic on these numbers, and the
// engine never needs the time package's zones or its clock.

// Date formats of calendar.date_format: how teachers write the day and the
// month when they are both numbers (9/3/2026).
const (
	dateMDY = "mdy"
	dateDMY = "dmy"
)

// Bounds of the years the engine reads: wide enough for any school record,
// narrow enough that day numbers stay small and every year has four digits.
const (
	minYear = 1900
	maxYear = 9999
)

// civilDay returns the day number of y-m-d (proleptic Gregorian calendar),
// after Howard Hinnant's days_from_civil: exact for every date, no tables.
func civilDay(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := m + 9
	if m > 2 {
		mp = m - 3
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilDate is the inverse of civilDay.
func civilDate(z int) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// daysIn returns the number of days of month m of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// weekStart is the Monday of day's ISO week. 1970-01-01 was a Thursday,
// so (day+3) mod 7 counts days since Monday.
func weekStart(day int) int {
	return day - ((day+3)%7+7)%7
}

// isoDate writes a day number as YYYY-MM-DD, the one form the engine gives
// back whatever form it read.
func isoDate(day int) string {
	y, m, d := civilDate(day)
	var b [10]byte
	b[0], b[1], b[2], b[3] = byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
	b[4] = '-'
	b[5], b[6] = byte('0'+m/10), byte('0'+m%10)
	b[7] = '-'
	b[8], b[9] = byte('0'+d/10), byte('0'+d%10)
	return string(b[:])
}

// clockText writes seconds since midnight as HH:MM, or HH:MM:SS when the
// seconds are not zero.
func clockText(sec int) string {
	if sec < 0 {
		return ""
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	b := [8]byte{byte('0' + h/10), byte('0' + h%10), ':', byte('0' + m/10), byte('0' + m%10), ':', byte('0' + s/10), byte('0' + s%10)}
	if s != 0 {
		return string(b[:])
	}
	return string(b[:5])
}

// isClockText says whether s is HH:MM exactly, as clockText writes it
// (given that it reads as a time).
func isClockText(s string) bool {
	return len(s) == 5 && s[2] == ':' && allDigits(s[:2]) && allDigits(s[3:])
}

// Excel counts days from 1899-12-31 as day 1, and believes 1900 was a leap
// year (a Lotus 1-2-3 bug it keeps for compatibility): serial 60 is the
// 29 February 1900 that never was, so from serial 61 on, serial n is
// 1899-12-30 plus n days.
var excelEpoch = civilDay(1899, 12, 30)

// maxExcelSerial is 9999-12-31, the last day Excel knows.
const maxExcelSerial = 2958465

// parseIncidentDate reads a date as teachers type it, in the team's
// date_format ("mdy" or "dmy"):
//
//	2026-09-03, 2026-9-3     ISO, whatever the date_format
//	9/3/2026, 9-3-26, 9.3.26 month first (mdy) or day first (dmy); a
//	                         two-digit year is 20yy
//	46268                    an Excel date number (days since 1899-12-30)
//	46268.5                  the same with a time of day (noon)
//	20260903                 YYYYMMDD
//
// A time after the date ("9/3/2026 10:15", "2026-09-03T10:15") is returned
// as seconds since midnight, as spreadsheet exports of timestamps write it;
// otherwise sec is -1. Errors say what was expected, in a teacher's words.
func parseIncidentDate(text, format string) (day, sec int, err error) {
	s := strings.TrimSpace(text)
	sec = -1
	if len(s) == 10 && s[4] == '-' && s[7] == '-' && allDigits(s[:4]) && allDigits(s[5:7]) && allDigits(s[8:]) {
		// YYYY-MM-DD, the form the readers write: no allocation on the way.
		y := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
		m, d := int(s[5]-'0')*10+int(s[6]-'0'), int(s[8]-'0')*10+int(s[9]-'0')
		if y >= minYear && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) {
			return civilDay(y, m, d), -1, nil
		}
	}
	if s == "" {
		return 0, -1, fmt.Errorf("the date is empty; write it as 2026-09-03 or %s", localExample(format))
	}
	if i := strings.IndexAny(s, " T"); i > 0 {
		// A date with a time after it; the date part alone must read as a
		// date, or the whole is reported as not a date.
		day, _, derr := parseIncidentDate(s[:i], format)
		if derr != nil || strings.ContainsAny(s[:i], " T") {
			return 0, -1, fmt.Errorf("%q is not a date; write it as 2026-09-03, %s, or an Excel date number such as 46268", text, localExample(format))
		}
		clock := strings.TrimSpace(s[i+1:])
		t, terr := parseIncidentTime(clock)
		if terr != nil {
			return 0, -1, fmt.Errorf("%q: %q after the date is not a time of day (write 10:15 or 2:30 pm)", text, clock)
		}
		return day, t, nil
	}
	bad := func() (int, int, error) {
		return 0, -1, fmt.Errorf("%q is not a date; write it as 2026-09-03, %s, or an Excel date number such as 46268", text, localExample(format))
	}
	if allDigits(s) {
		if len(s) == 8 {
			// YYYYMMDD, as some student information systems export dates.
			y, _ := strconv.Atoi(s[:4])
			m, _ := strconv.Atoi(s[4:6])
			d, _ := strconv.Atoi(s[6:])
			day, err := ymd(text, y, m, d, "")
			return day, sec, err
		}
		if len(s) > 7 {
			return bad()
		}
		n, _ := strconv.Atoi(s)
		day, err := excelDay(text, n)
		return day, sec, err
	}
	if whole, frac, ok := strings.Cut(s, "."); ok && allDigits(whole) && allDigits(frac) && len(whole) >= 3 && len(whole) <= 7 {
		// An Excel date-time number: the fraction is the time of day. Three
		// digits at least, so that 9.3 (a day and month with dots) is not
		// read as serial 9.
		n, _ := strconv.Atoi(whole)
		day, err := excelDay(text, n)
		if err != nil {
			return 0, -1, err
		}
		f, _ := strconv.ParseFloat("0."+frac, 64)
		return day, min(int(f*86400+0.5), 86399), nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(parts) != 3 || strings.Count(s, "-")+strings.Count(s, "/")+strings.Count(s, ".") != 2 {
		return bad()
	}
	var nums [3]int
	for i, p := range parts {
		if !allDigits(p) || len(p) > 4 {
			return bad()
		}
		nums[i], _ = strconv.Atoi(p)
	}
	if len(parts[0]) == 4 {
		day, err := ymd(text, nums[0], nums[1], nums[2], "")
		return day, sec, err
	}
	if len(parts[2]) != 4 && len(parts[2]) != 2 {
		return bad()
	}
	y := nums[2]
	if len(parts[2]) == 2 {
		y += 2000
	}
	m, d := nums[0], nums[1]
	if format == dateDMY {
		m, d = d, m
	}
	day, err = ymd(text, y, m, d, format)
	return day, sec, err
}

// ymd checks y-m-d and returns its day number. format, when set, is the
// date_format the month and day were read with, so that the error can say
// how the date was read and suggest the other order when that one is valid.
func ymd(text string, y, m, d int, format string) (int, error) {
	if y < minYear || y > maxYear {
		return 0, fmt.Errorf("%q is not a date the norms can use: the year must be between %d and %d", text, minYear, maxYear)
	}
	if m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) {
		return civilDay(y, m, d), nil
	}
	if format == "" {
		return 0, fmt.Errorf("%q is not a date: there is no day %d in month %d of %d", text, d, m, y)
	}
	how, other := "month/day/year (calendar.date_format: mdy)", dateDMY
	if format == dateDMY {
		how, other = "day/month/year (calendar.date_format: dmy)", dateMDY
	}
	msg := fmt.Sprintf("%q is not a date when read as %s", text, how)
	// The swapped reading, if valid, is most likely what was meant.
	if d >= 1 && d <= 12 && m >= 1 && m <= daysIn(y, d) {
		return 0, fmt.Errorf("%s; if it means %s, write that, or set calendar.date_format: %s", msg, isoDate(civilDay(y, d, m)), other)
	}
	return 0, fmt.Errorf("%s; write it as YYYY-MM-DD", msg)
}

func excelDay(text string, n int) (int, error) {
	switch {
	case n == 60:
		return 0, fmt.Errorf("%q is Excel's 29 February 1900, a day that never was; write the date as YYYY-MM-DD", text)
	case n < 1 || n > maxExcelSerial:
		return 0, fmt.Errorf("%q is not a date; an Excel date number is between 1 and %d (46268 is 2026-09-03)", text, maxExcelSerial)
	case n < 60:
		return excelEpoch + n + 1, nil
	}
	return excelEpoch + n, nil
}

func localExample(format string) string {
	if format == dateDMY {
		return "3/9/2026 (day/month/year)"
	}
	return "9/3/2026 (month/day/year)"
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseIncidentTime reads a time of day as teachers type it: 14:05, 9:05,
// 09:05:30, 9:05 am, 9:05PM, 9 a.m., 9pm. It returns seconds since
// midnight; 12 am is midnight and 12 pm is noon.
func parseIncidentTime(text string) (int, error) {
	s := strings.TrimSpace(text)
	if len(s) == 5 && s[2] == ':' && allDigits(s[:2]) && allDigits(s[3:]) {
		// HH:MM, the form the readers write: no allocation on the way.
		h, m := int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
		if h <= 23 && m <= 59 {
			return h*3600 + m*60, nil
		}
	}
	s = strings.ToLower(s)
	bad := errBadTime(text)
	ampm := ""
	for _, suf := range []string{"a.m.", "p.m.", "am", "pm", "a", "p"} {
		if strings.HasSuffix(s, suf) {
			ampm = suf[:1]
			s = strings.TrimSpace(strings.TrimSuffix(s, suf))
			break
		}
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 || (len(parts) == 1 && ampm == "") {
		return 0, bad()
	}
	var n [3]int
	for i, p := range parts {
		if !allDigits(p) || len(p) > 2 || (i > 0 && len(p) != 2) {
			return 0, bad()
		}
		n[i], _ = strconv.Atoi(p)
	}
	h, m, sec := n[0], n[1], n[2]
	if m > 59 || sec > 59 {
		return 0, bad()
	}
	switch ampm {
	case "":
		if h > 23 {
			return 0, bad()
		}
	default:
		if h < 1 || h > 12 {
			return 0, fmt.Errorf("%q is not a time of day: with am or pm the hour is 1 to 12", text)
		}
		h %= 12
		if ampm == "p" {
			h += 12
		}
	}
	return h*3600 + m*60 + sec, nil
}

// errBadTime builds the error only when a time is wrong: reading a log
// calls parseIncidentTime for every row.
func errBadTime(text string) func() error {
	return func() error {
		return fmt.Errorf("%q is not a time of day; write 14:05, 2:05 pm or leave it blank", text)
	}
}
