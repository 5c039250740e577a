package loader

import (
	"context"
	"errors"
	"github.com/policykg/policykg/policy"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testdata/news/heyang-news.html is a news page of an invented city as health commissions'
// sites serve them: GBK, a <title> with the site's sections, 来源： and 作者：记者 … lines
// rather than a byline that opens a line with 记者.
func TestNewsByContent(t *testing.T) {
	d, err := DefaultNames().LoadFile(context.Background(), filepath.Join("testdata", "news", "heyang-news.html"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != policy.StatusNews || d.Title != "河阳市基层医疗卫生服务能力持续提升" || d.Date != "2024-06-12" || d.City != "河阳" || d.Encoding != "GB18030" {
		t.Errorf("status, title, date, city, encoding = %q, %q, %q, %q, %q", d.Status, d.Title, d.Date, d.City, d.Encoding)
	}
	// Every figure the page states as reached, in order; 力争到2025年…稳定在92%以上 is a goal,
	// 出台具体措施25项 and 制定三年计划2个 count the parts of policies, not what they achieved.
	want := []struct{ words, value, unit string }{
		{"建成县域医疗卫生次中心", "12个", "个"},
		{"社区医院", "18家", "家"},
		{"基层医疗卫生机构诊疗量占比", "63.5%", "%"},
		{"县域内就诊率", "91.2%", "%"},
		{"家庭医生签约服务覆盖", "215万人", "万人"},
		{"重点人群签约率", "82.6%", "%"},
		{"重点人群签约率排名", "全省第3位", "位"},
	}
	if len(d.Observations) != len(want) {
		var got []string
		for _, o := range d.Observations {
			got = append(got, o.Words+"="+o.ValueText)
		}
		t.Fatalf("%d observations %q, want %d", len(d.Observations), got, len(want))
	}
	for i, w := range want {
		o := d.Observations[i]
		if o.Words != w.words || o.ValueText != w.value || o.Unit != w.unit {
			t.Errorf("observation %d = %q %q %q, want %q %q %q", i+1, o.Words, o.ValueText, o.Unit, w.words, w.value, w.unit)
		}
	}
}

// TestNotNews keeps texts that are not reports what they are: a notice without numbered
// items that sets goals, and one that only counts its own parts, still have no measures.
func TestNotNews(t *testing.T) {
	tests := []struct{ name, text string }{
		{
			name: "goals.txt",
			text: "云泽市卫生健康委员会关于做好2024年基层卫生工作的通知\n各县（市、区）卫生健康局：\n" +
				"到2025年，全市县域内就诊率达到90%以上，基层医疗卫生机构诊疗量占比达到65%以上。请认真贯彻落实。\n云泽市卫生健康委员会\n2024年3月1日\n",
		},
		{
			name: "parts.txt",
			text: "云泽市卫生健康委员会关于印发基层卫生工作要点的通知\n各县（市、区）卫生健康局：\n" +
				"现将《基层卫生工作要点》印发给你们，要点提出重点任务18项、具体措施25条，请认真贯彻落实。\n云泽市卫生健康委员会\n2024年3月1日\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.name)
			if err := os.WriteFile(path, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			d, err := DefaultNames().LoadFile(context.Background(), path)
			if err == nil {
				t.Fatalf("loaded as %s with %d observations, want no measures found", d.Status, len(d.Observations))
			}
			if !errors.Is(err, ErrNoDocument) || !strings.Contains(err.Error(), path+": no measures found") {
				t.Errorf("error %q, want %s: no measures found", err, path)
			}
		})
	}
}

func TestIsoDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024年11月21日", "2024-11-21"},
		{"2024 年 3 月 5 日", "2024-03-05"},
		{"2024-06-12　来源：河阳市卫生健康委员会", "2024-06-12"},
		{"2024/6/1 10:30", "2024-06-01"},
		{"2024.06.12", "2024-06-12"},
		{"2024-06/12", ""},
		{"2024-13-01", ""},
		{"浏览次数：1024", ""},
	}
	for _, tt := range tests {
		if got := isoDate(tt.in); got != tt.want {
			t.Errorf("isoDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
