package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/width"
)

// Date is a day, a month or a year a text speaks of: Month and Day are 0 when the text
// does not say them.
type Date struct {
	Year, Month, Day int
}

// String writes a date as precisely as it is known: 2023, 2023-07 or 2023-07-15.
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return strconv.Itoa(d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// IsZero tells whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// Before orders dates by what they say, a less precise date before a more precise one in
// it: 2023 < 2023-07 < 2023-07-15 < 2023-08.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// End is the last day the date covers: 2023-12-31 for 2023, 2023-07-31 for 2023-07.
func (d Date) End() time.Time {
	switch {
	case d.Month == 0:
		return time.Date(d.Year, time.December, 31, 0, 0, 0, 0, time.UTC)
	case d.Day == 0:
		return time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
}

// ParseDate reads a date as String writes it (2023, 2023-07, 2023-07-15); ok is false for
// anything else.
func ParseDate(s string) (Date, bool) {
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v <= 0 {
			return Date{}, false
		}
		n[i] = v
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2]}
	if d.Month > 12 || d.Day > 31 {
		return Date{}, false
	}
	return d, true
}

// reportDates remembers the date of each report of a model, worked out on first use.
type reportDates struct {
	mu    sync.Mutex
	dates map[*Document]Date
}

// ReportDate is the date of a document as a report: its own date when it has one, else
// the latest date its text speaks of (a news report telling of 2023年3月份 and then of
// 5月份、6月份、7月份 is of July 2023). Years a text looks ahead to (到2025年, 2025年底前, the end
// of a period 2021—2025年) are not dates it reports. Zero when the text names no date.
func (m *Model) ReportDate(d *Document) Date {
	m.reports.mu.Lock()
	defer m.reports.mu.Unlock()
	if date, ok := m.reports.dates[d]; ok {
		return date
	}
	date, ok := ParseDate(d.Date)
	if !ok {
		date = latestDateIn(d.Text)
	}
	if m.reports.dates == nil {
		m.reports.dates = map[*Document]Date{}
	}
	m.reports.dates[d] = date
	return date
}

// dateMention finds a year with its month and day (2023年7月15日, 2023年3月份, 2023年), or a
// month and day without a year (7月份, 5月12日), which take the year last named.
var dateMention = regexp.MustCompile(`((?:19|20)\d\d)\s*年(?:\s*(\d{1,2})\s*月份?(?:\s*(\d{1,2})\s*[日号])?)?|(\d{1,2})\s*月份?(?:\s*(\d{1,2})\s*[日号])?`)

// aheadBefore and aheadAfter are the words around a year that make it a deadline or the
// end of a period rather than a date reported.
var (
	aheadBefore = []string{"到", "至", "—", "-", "–", "~", "～"}
	aheadAfter  = []string{"年底前", "年以前", "年末前"}
)

// latestDateIn returns the latest date a text speaks of.
func latestDateIn(text string) Date {
	t := width.Fold.String(text)
	var latest, year Date
	for _, m := range dateMention.FindAllStringSubmatchIndex(t, -1) {
		var d Date
		if m[2] >= 0 {
			y, _ := strconv.Atoi(t[m[2]:m[3]])
			if lookingAhead(t, m[0], m[3]) {
				continue
			}
			d = Date{Year: y, Month: group(t, m, 2), Day: group(t, m, 3)}
			year = Date{Year: y}
		} else {
			if year.IsZero() {
				continue
			}
			d = Date{Year: year.Year, Month: group(t, m, 4), Day: group(t, m, 5)}
		}
		// What cannot be a month or a day is not one: 2023年13月 still names the year.
		if d.Month > 12 {
			d.Month, d.Day = 0, 0
		}
		if d.Day > 31 {
			d.Day = 0
		}
		if d.Month == 0 && m[2] < 0 {
			continue
		}
		if latest.Before(d) {
			latest = d
		}
	}
	return latest
}

// group is the number the i-th group of a match holds, 0 when it did not take part.
func group(t string, m []int, i int) int {
	if m[2*i] < 0 {
		return 0
	}
	n, _ := strconv.Atoi(t[m[2*i]:m[2*i+1]])
	return n
}

// lookingAhead tells whether the year that starts at start (its digits end at end) is
// one the text looks ahead to.
func lookingAhead(t string, start, end int) bool {
	before := t[:start]
	for _, w := range aheadBefore {
		if strings.HasSuffix(strings.TrimRight(before, " "), w) && !strings.HasSuffix(before, "截至") {
			return true
		}
	}
	after := t[end:]
	for _, w := range aheadAfter {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	return false
}
