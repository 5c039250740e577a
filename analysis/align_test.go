package analysis

import (
	"testing"

	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// TestWithoutNotes: the notes the loader read are left out of the text measures are
// aligned by, whatever their wording; the words of the work stay.
func TestWithoutNotes(t *testing.T) {
	cases := []struct {
		text  string
		notes []string
		want  string
	}{
		{"建设区域医疗中心2个。（责任单位：市卫生健康委、市财政局）", []string{"（责任单位：市卫生健康委、市财政局）"}, "建设区域医疗中心2个。 "},
		{"完善分级诊疗。由市卫生健康委牵头，市医保局配合。推进医联体。", []string{"由市卫生健康委牵头，市医保局配合"}, "完善分级诊疗。 。推进医联体。"},
		{"一是扩容（A负责）；二是下沉（B负责）。", []string{"（A负责）", "（B负责）"}, "一是扩容 ；二是下沉 。"},
		{"加强宣传（广播电视台）。", nil, "加强宣传（广播电视台）。"},
	}
	for _, c := range cases {
		m := &model.Measure{Measure: &policy.Measure{Text: c.text}}
		for _, n := range c.notes {
			m.Measure.Notes = append(m.Measure.Notes, policy.Note{Text: n})
		}
		if got := withoutNotes(m); got != c.want {
			t.Errorf("withoutNotes(%q) = %q; want %q", c.text, got, c.want)
		}
	}
}
