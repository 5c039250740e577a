// A small SVG chart of an indicator: targets (hollow) and observed values (filled) by year,
// one colour per jurisdiction.

/** A point of the chart. */
export interface Point {
  x: number;
  y: number;
  series: string;
  kind: 'target' | 'observed';
  label: string;
}

const palette = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0969da', '#57606a'];

function ticks(lo: number, hi: number, n: number): number[] {
  const span = hi - lo || 1;
  const raw = span / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

/** Chart draws the points; unit names the y axis. */
export function Chart({ points, unit, title }: { points: Point[]; unit: string; title: string }) {
  if (points.length === 0) return null;
  const W = 640, H = 300, L = 56, R = 150, T = 16, B = 36;
  const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
  let [x0, x1] = [Math.floor(Math.min(...xs)), Math.ceil(Math.max(...xs))];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  const y0 = Math.min(0, ...ys);
  const y1 = Math.max(...ys) * 1.1 || 1;
  const sx = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const sy = (y: number) => T + (1 - (y - y0) / (y1 - y0)) * (H - T - B);
  const series = [...new Set(points.map((p) => p.series))];
  const color = (s: string) => palette[series.indexOf(s) % palette.length];
  const years = ticks(x0, x1, Math.min(8, x1 - x0)).filter((v) => Number.isInteger(v));
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} width="100%" style={{ maxWidth: `${W}px` }}>
        <title>{title}</title>
        {ticks(y0, y1, 5).map((v) => (
          <g>
            <line x1={L} x2={W - R} y1={sy(v)} y2={sy(v)} class="grid" />
            <text x={L - 6} y={sy(v) + 4} text-anchor="end" class="tick">{v}</text>
          </g>
        ))}
        {years.map((v) => (
          <text x={sx(v)} y={H - B + 18} text-anchor="middle" class="tick">{v}</text>
        ))}
        <line x1={L} x2={W - R} y1={H - B} y2={H - B} class="axis" />
        <line x1={L} x2={L} y1={T} y2={H - B} class="axis" />
        <text x={12} y={T + 8} class="tick">{unit}</text>
        {series.map((s) => {
          const obs = points.filter((p) => p.series === s && p.kind === 'observed').sort((a, b) => a.x - b.x);
          return obs.length > 1 ? <polyline points={obs.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' ')} fill="none" stroke={color(s)} stroke-width="1.5" /> : null;
        })}
        {points.map((p) =>
          p.kind === 'target' ? (
            <rect class="point target" x={sx(p.x) - 6} y={sy(p.y) - 6} width="12" height="12" fill="white" stroke={color(p.series)} stroke-width="2.5" transform={`rotate(45 ${sx(p.x)} ${sy(p.y)})`}>
              <title>{p.label}</title>
            </rect>
          ) : (
            <circle class="point observed" cx={sx(p.x)} cy={sy(p.y)} r="5.5" fill={color(p.series)}>
              <title>{p.label}</title>
            </circle>
          ),
        )}
        {series.map((s, i) => (
          <g transform={`translate(${W - R + 16}, ${T + 14 + i * 20})`}>
            <circle r="5" fill={color(s)} />
            <text x="12" y="4" class="legend-text">{s}</text>
          </g>
        ))}
        <g transform={`translate(${W - R + 16}, ${T + 24 + series.length * 20})`}>
          <rect x="-5" y="-5" width="10" height="10" fill="white" stroke="#444" stroke-width="2" transform="rotate(45)" />
          <text x="12" y="4" class="legend-text">target</text>
          <circle cy="20" r="5" fill="#444" />
          <text x="12" y="24" class="legend-text">observed</text>
        </g>
      </svg>
    </figure>
  );
}
