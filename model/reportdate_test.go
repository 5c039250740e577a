package model

import (
	"testing"
	"time"
)

func TestLatestDateIn(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		// The 济宁 news report of the seeds: 2023年3月份, then 5月份、6月份、7月份 of that year.
		{"2022年6月，济宁市入选。2023年3月份，荣获称号。5月份、6月份、7月份，现场交流会相继召开。自2021年4月起推行。", "2023-07"},
		{"截至2024年10月15日，全市建成驿站。", "2024-10-15"},
		{"２０２４年１１月，全市召开会议。", "2024-11"},
		{"2023年全市开展行动，到2025年将实现全覆盖。", "2023"},
		{"2023年完成改造，2025年底前完成全部任务。", "2023"},
		{"十四五（2021—2025年）期间，2022年启动建设。", "2022"},
		{"全市建成心灵驿站2159处。", ""},
		{"13月份没有年份。", ""},
		{"2023年13月份与3月32日都不是日期。", "2023-03"},
	}
	for _, tt := range tests {
		if got := latestDateIn(tt.text).String(); got != tt.want {
			t.Errorf("latestDateIn(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestDateEnd(t *testing.T) {
	tests := []struct {
		date Date
		want string
	}{
		{Date{Year: 2025}, "2025-12-31"},
		{Date{Year: 2024, Month: 2}, "2024-02-29"},
		{Date{Year: 2023, Month: 7, Day: 15}, "2023-07-15"},
	}
	for _, tt := range tests {
		if got := tt.date.End().Format(time.DateOnly); got != tt.want {
			t.Errorf("%s ends %s, want %s", tt.date, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2023", "2023-07", "2024-11-21"} {
		d, ok := ParseDate(s)
		if !ok || d.String() != s {
			t.Errorf("ParseDate(%q) = %v %v", s, d, ok)
		}
	}
	for _, s := range []string{"", "23", "2023-13", "2023-07-32", "2023/07", "2023-07-15-01"} {
		if _, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
}
