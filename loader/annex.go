package loader

func (n *Names) annexUnits(t, orig []rune, roots []*node, tables []taskTable) []workUnit {
	return nil
}
