// Highlighting: spans are offsets in characters (Unicode code points) of a document's text;
// segments cut the text where any span starts or ends, each knowing the spans over it.

/** A span to mark: [start, end) with a kind (a CSS class) and an optional reference. */
export interface Mark {
  start: number;
  end: number;
  kind: string;
  ref?: string;
  title?: string;
}

/** A piece of text under the same marks. */
export interface Segment {
  text: string;
  start: number;
  marks: Mark[];
}

/** segments cuts text at every mark's ends; marks outside the text are clipped. */
export function segments(text: string, marks: Mark[]): Segment[] {
  const chars = Array.from(text);
  const cuts = new Set<number>([0, chars.length]);
  const valid = marks.filter((m) => m.end > m.start && m.start < chars.length && m.end > 0);
  for (const m of valid) {
    cuts.add(Math.max(0, m.start));
    cuts.add(Math.min(chars.length, m.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const byStart = [...valid].sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let open: Mark[] = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    open = open.filter((m) => m.end > a);
    while (next < byStart.length && byStart[next].start <= a) {
      if (byStart[next].end > a) open.push(byStart[next]);
      next++;
    }
    out.push({ text: chars.slice(a, b).join(''), start: a, marks: [...open] });
  }
  return out;
}

/** cut returns the characters [start, end) of text. */
export const cut = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('');

/** parseSpan reads "120-180" (a URL's span parameter). */
export function parseSpan(s: string | null): { start: number; end: number } | null {
  const m = s?.match(/^(\d+)-(\d+)$/);
  return m ? { start: Number(m[1]), end: Number(m[2]) } : null;
}
