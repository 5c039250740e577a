package loader

// taskTable is a task-division table (重点任务分工表) found in a document: its span in the
// text and a unit of work for each row.
type taskTable struct {
	span Span
	rows []workUnit
}

func (n *Names) taskTables(t, orig []rune, raw Raw) []taskTable { return nil }
