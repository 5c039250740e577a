// An indicator's page: its targets across jurisdictions and the values observed, charted.
import { DocLink, ErrorBox, GoSuggest, Loading, StatusBadge, Table } from '../components';
import { gql } from '../lib/api';
import { currentOnly } from '../lib/current';
import { useQuery } from '../lib/hooks';
import { docPath, seg, type Location } from '../lib/router';
import { Chart, type Point } from './chart';

interface Span {
  start: number;
  end: number;
}

interface TargetRow {
  id: string;
  value: number | null;
  valueText: string | null;
  unit: string | null;
  comparator: string | null;
  year: number | null;
  stretch: boolean;
  text: string;
  span: Span;
  measure: { ordinal: number; number: string };
  document: { id: string; title: string; city: string | null; jurisdiction?: string | null; status: string; current?: boolean };
}

interface ObsRow {
  id: string;
  value: number | null;
  valueText: string | null;
  unit: string | null;
  text: string;
  span: Span;
  date?: string | null;
  document: { id: string; title: string; city: string | null; jurisdiction?: string | null; date: string | null };
}

const comparators: Record<string, string> = { AT_LEAST: 'at least', AT_MOST: 'at most', ABOUT: 'about', EXACTLY: 'exactly' };

/** yearOf reads a YYYY-MM-DD date as a fractional year. */
function yearOf(date: string | null | undefined): number | null {
  const m = date?.match(/^(\d{4})(?:-(\d{2}))?/);
  if (!m) return null;
  return Number(m[1]) + (m[2] ? (Number(m[2]) - 1) / 12 : 0.5);
}

/** IndicatorView shows one indicator. */
export function IndicatorView({ id, loc }: { id: string; loc: Location }) {
  const only = currentOnly(loc);
  const q = useQuery(async (c) => {
    const j = c.has('Document', 'jurisdiction') ? 'jurisdiction' : '';
    const cur = c.has('Document', 'current') ? 'current' : '';
    const date = c.has('Observation', 'date') ? 'date' : '';
    const args = only && c.has('Indicator', 'targets', 'current') ? '(current: true)' : '';
    return gql<{ node: null | { __typename: string; id: string; name: string; aliases: string[]; targets: TargetRow[]; observations: ObsRow[] } }>(
      `query Indicator($id: ID!) { node(id: $id) { __typename ... on Indicator { id name aliases
        targets${args} { id value valueText unit comparator year stretch text span { start end } measure { ordinal number } document { id title city ${j} status ${cur} } }
        observations { id value valueText unit text span { start end } ${date} document { id title city ${j} date } } } } }`,
      { id },
    );
  }, [id, only]);
  if (q.error) return <ErrorBox error={q.error} />;
  if (!q.data) return <Loading when />;
  const ind = q.data.node;
  if (!ind || ind.__typename !== 'Indicator') return <section><h1 tabIndex={-1}>No indicator {id}</h1><p><a href="/indicators">All indicators</a></p></section>;
  const targets = ind.targets.filter((t) => !only || t.document.current !== false);
  const place = (d: { city: string | null; jurisdiction?: string | null }) => d.jurisdiction ?? d.city ?? '—';
  const units = [...new Set([...targets.map((t) => t.unit ?? ''), ...ind.observations.map((o) => o.unit ?? '')])];
  const charts = units.map((unit) => {
    const pts: Point[] = [];
    for (const t of targets) {
      if ((t.unit ?? '') === unit && t.value !== null && t.year) {
        pts.push({ x: t.year, y: t.value, series: place(t.document), kind: 'target', label: `${place(t.document)} target ${t.valueText ?? t.value} by ${t.year} (${t.document.status.toLowerCase()})` });
      }
    }
    for (const o of ind.observations) {
      const x = yearOf(o.date ?? o.document.date);
      if ((o.unit ?? '') === unit && o.value !== null && x !== null) {
        pts.push({ x, y: o.value, series: place(o.document), kind: 'observed', label: `${place(o.document)} observed ${o.valueText ?? o.value} (${o.date ?? o.document.date})` });
      }
    }
    return { unit, pts };
  }).filter((c) => c.pts.length > 0);
  return (
    <section>
      <h1 tabIndex={-1}>{ind.name}</h1>
      {ind.aliases.length > 0 ? <p class="meta-line">Also written: {ind.aliases.join('、')}</p> : null}
      {charts.map((c) => <Chart points={c.pts} unit={c.unit} title={`${ind.name}: targets and observed values${c.unit ? ` (${c.unit})` : ''}`} />)}
      {charts.length === 0 ? <p class="empty">No dated value to chart.</p> : null}
      <Table caption="Targets" filename={`${ind.name}-targets.csv`} rows={targets} columns={[
        { header: 'Jurisdiction', value: (t) => place(t.document) },
        { header: 'Document', value: (t) => t.document.title, render: (t) => <DocLink doc={t.document} /> },
        { header: 'Status', value: (t) => t.document.status, render: (t) => <StatusBadge status={t.document.status} current={t.document.current} /> },
        { header: 'Target', value: (t) => `${t.valueText ?? ''}${t.stretch ? ' (力争)' : ''}`, render: (t) => <span title={t.comparator ? comparators[t.comparator] : undefined}>{t.valueText}{t.stretch ? ' (力争)' : ''}</span> },
        { header: 'Year', value: (t) => t.year, numeric: true },
        { header: 'Measure', value: (t) => t.measure.number, render: (t) => <a href={`${docPath(t.document.id)}?span=${t.span.start}-${t.span.end}`}>{t.measure.number}</a> },
        { header: 'Sentence', value: (t) => t.text },
      ]} />
      <Table caption="Observed" filename={`${ind.name}-observed.csv`} rows={ind.observations} empty="No report gives a value for it yet." columns={[
        { header: 'Jurisdiction', value: (o) => place(o.document) },
        { header: 'Value', value: (o) => o.valueText },
        { header: 'Date', value: (o) => o.date ?? o.document.date, nowrap: true },
        { header: 'Report', value: (o) => o.document.title, render: (o) => <DocLink doc={o.document} /> },
        { header: 'Sentence', value: (o) => o.text, render: (o) => <a href={`${docPath(o.document.id)}?span=${o.span.start}-${o.span.end}`}>{o.text}</a> },
      ]} />
    </section>
  );
}

interface IndRow {
  id: string;
  name: string;
  aliases: string[];
  targets: { id: string }[];
  observations: { id: string }[];
}

/** IndicatorsView lists every indicator with its numbers of targets and observations. */
export function IndicatorsView(_: { loc: Location }) {
  const q = useQuery(() => gql<{ indicators: IndRow[] }>('{ indicators { id name aliases targets { id } observations { id } } }'), []);
  return (
    <section>
      <h1 tabIndex={-1}>Indicators</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <GoSuggest id="find-ind" kinds={['INDICATOR']} label="Indicator" placeholder="签约率" />
      </form>
      <ErrorBox error={q.error} />
      <Table caption="Indicators" filename="indicators.csv" rows={q.data?.indicators ?? []} loading={q.loading} columns={[
        { header: 'Name', value: (r) => r.name, render: (r) => <a href={`/indicators/${seg(r.id)}`}>{r.name}</a> },
        { header: 'Also written', value: (r) => r.aliases.join('、') },
        { header: 'Targets', value: (r) => r.targets.length, numeric: true },
        { header: 'Observed', value: (r) => r.observations.length, numeric: true },
      ]} />
    </section>
  );
}
