// A document's page: its text with measures, responsibility notes, agencies, institutions
// and targets marked at their spans, and each measure's agencies with their roles.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { AgencyLink, ErrorBox, Loading, RoleBadge, StatusBadge, Table, type Column } from '../components';
import { gql, orMissing, type Capabilities } from '../lib/api';
import { useQuery } from '../lib/hooks';
import { docPath, seg, type Location } from '../lib/router';
import { parseSpan, segments, type Mark } from '../lib/spans';

interface Span {
  start: number;
  end: number;
}

interface Resp {
  role: string;
  position: number;
  mention?: string;
  spans?: Span[];
  agency: { id: string; name: string; city: string | null };
}

interface MeasureRow {
  id: string;
  ordinal: number;
  number: string;
  title: string;
  section: string | null;
  sectionPath?: string[];
  deadline?: string | null;
  genericBodies?: string[];
  span: Span;
  agencies: Resp[];
  notes?: { text: string; span: Span; agencies: { role: string; agency: { id: string; name: string } }[] }[];
  institutionMentions?: { text: string; span: Span; institution: { id: string; name: string } }[];
  institutions: { id: string; name: string }[];
  targets: { id: string; valueText: string | null; unit: string | null; year: number | null; stretch: boolean; span: Span; text: string; indicator: { id: string; name: string } }[];
}

interface Doc {
  id: string;
  title: string;
  city: string | null;
  jurisdiction?: string | null;
  level?: string | null;
  current?: boolean;
  supersededBy?: { id: string; title: string } | null;
  status: string;
  date: string | null;
  issuer: string | null;
  docNumber: string | null;
  source: string;
  text: string;
  warnings?: { code: string; message: string; span: Span | null }[];
  cites: { title: string | null; docNumber: string | null }[];
  observations: { id: string; valueText: string | null; text: string; span: Span; indicator: { id: string; name: string } }[];
}

function docQuery(c: Capabilities): string {
  const opt = (t: string, f: string, sel = f) => (c.has(t, f) ? sel : '');
  return `query Doc($id: ID!) { document(id: $id) { id title city ${opt('Document', 'jurisdiction')} ${opt('Document', 'level')} ${opt('Document', 'current')}
    ${opt('Document', 'supersededBy', 'supersededBy { id title }')} status date issuer docNumber source text
    ${opt('Document', 'warnings', 'warnings { code message span { start end } }')}
    cites { title docNumber }
    observations { id valueText text span { start end } indicator { id name } } } }`;
}

function measuresQuery(c: Capabilities): string {
  const opt = (t: string, f: string, sel = f) => (c.has(t, f) ? sel : '');
  return `query DocMeasures($id: ID!, $after: String) { document(id: $id) { measures(first: 20, after: $after) {
    totalCount pageInfo { endCursor hasNextPage }
    nodes { id ordinal number title section ${opt('Measure', 'sectionPath')} ${opt('Measure', 'deadline')} ${opt('Measure', 'genericBodies')} span { start end }
      agencies { role position ${opt('Responsibility', 'mention')} ${opt('Responsibility', 'spans', 'spans { start end }')} agency { id name city } }
      ${opt('Measure', 'notes', 'notes { text span { start end } agencies { role agency { id name } } }')}
      ${opt('Measure', 'institutionMentions', 'institutionMentions { text span { start end } institution { id name } }')}
      institutions { id name }
      targets { id valueText unit year stretch text span { start end } indicator { id name } } } } } }`;
}

async function loadDocument(c: Capabilities, id: string): Promise<{ doc: Doc | null; measures: MeasureRow[]; total: number }> {
  const [d, measures] = await Promise.all([
    orMissing(gql<{ document: Doc | null }>(docQuery(c), { id }), { document: null }),
    (async () => {
      const all: MeasureRow[] = [];
      let after: string | null = null;
      let total = 0;
      const q = measuresQuery(c);
      for (;;) {
        type P = { document: { measures: { totalCount: number; nodes: MeasureRow[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } | null };
        const p: P = await orMissing(gql<P>(q, { id, after }), { document: null });
        if (!p.document) break;
        all.push(...p.document.measures.nodes);
        total = p.document.measures.totalCount;
        if (!p.document.measures.pageInfo.hasNextPage) break;
        after = p.document.measures.pageInfo.endCursor;
      }
      return { all, total };
    })(),
  ]);
  return { doc: d.document, measures: measures.all, total: measures.total };
}

const kinds: [string, string][] = [
  ['measure', 'measures'],
  ['note', 'responsibility notes'],
  ['agency', 'agencies'],
  ['inst', 'institutions'],
  ['target', 'targets'],
  ['obs', 'observations'],
  ['warn', 'warnings'],
];

/** DocumentView shows one document. */
export function DocumentView({ id, loc }: { id: string; loc: Location }) {
  const q = useQuery((c) => loadDocument(c, id), [id]);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<number | null>(null);
  const focus = parseSpan(loc.query.get('span'));
  const data = q.data;
  const marks = useMemo(() => {
    if (!data?.doc) return [];
    const out: Mark[] = [];
    for (const m of data.measures) {
      out.push({ ...m.span, kind: 'measure', ref: `m-${m.ordinal}`, title: `${m.number} ${m.title}` });
      if (m.notes && m.notes.length > 0) {
        for (const n of m.notes) out.push({ ...n.span, kind: 'note', title: 'responsibility note' });
      }
      for (const a of m.agencies) {
        for (const s of a.spans ?? []) out.push({ ...s, kind: 'agency', title: `${a.agency.name}: ${a.role.toLowerCase()}` });
      }
      for (const im of m.institutionMentions ?? []) out.push({ ...im.span, kind: 'inst', title: im.institution.name });
      for (const t of m.targets) out.push({ ...t.span, kind: 'target', title: `${t.indicator.name}${t.year ? ` by ${t.year}` : ''}: ${t.valueText ?? ''}` });
    }
    for (const o of data.doc.observations) out.push({ ...o.span, kind: 'obs', title: `${o.indicator.name}: ${o.valueText ?? ''}` });
    for (const w of data.doc.warnings ?? []) if (w.span) out.push({ ...w.span, kind: 'warn', title: w.message });
    if (focus) out.push({ ...focus, kind: 'focus', ref: 'focus' });
    return out;
  }, [data, focus?.start, focus?.end]);
  const segs = useMemo(() => (data?.doc ? segments(data.doc.text, marks) : []), [data, marks]);
  // A link with a span (from search) or a #m-N anchor scrolls to it once the text is drawn.
  useEffect(() => {
    if (!data?.doc) return;
    const target = focus ? 'focus' : loc.hash.slice(1);
    if (!target) return;
    document.getElementById(target)?.scrollIntoView({ block: 'center' });
    const m = target.match(/^m-(\d+)$/);
    if (m) setSelected(Number(m[1]));
  }, [data, loc.hash, focus?.start]);
  if (q.error) return <ErrorBox error={q.error} />;
  if (!data) return <Loading when />;
  const doc = data.doc;
  if (!doc) {
    return (
      <section>
        <h1 tabIndex={-1}>No document {id}</h1>
        <p>
          The store holds no document with this ID. <a href="/documents">All documents</a>
        </p>
      </section>
    );
  }
  const plainID = doc.id.replace(/^doc:/, '');
  const show = (ordinal: number) => {
    setSelected(ordinal);
    document.getElementById(`m-${ordinal}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };
  const columns: Column<MeasureRow>[] = [
    {
      header: 'No.', value: (m) => m.number,
      render: (m) => <button type="button" class="linkish" onClick={() => show(m.ordinal)} title="Show in the text">{m.number}</button>,
    },
    { header: 'Measure', value: (m) => m.title, render: (m) => <>{m.sectionPath && m.sectionPath.length > 0 ? <div class="path">{m.sectionPath.join(' › ')}</div> : null}{m.title}</> },
    {
      header: 'Agencies and roles',
      value: (m) => m.agencies.map((a) => `${a.agency.name}:${a.role}`).join('; '),
      render: (m) => (
        <ul class="chips">
          {m.agencies.map((a) => (
            <li>
              <AgencyLink agency={a.agency} /> <RoleBadge role={a.role} />
            </li>
          ))}
          {(m.genericBodies ?? []).map((g) => <li class="generic" title="a generic body, not an agency">{g}</li>)}
        </ul>
      ),
    },
    {
      header: 'Targets',
      value: (m) => m.targets.map((t) => `${t.indicator.name} ${t.valueText ?? ''}${t.year ? ` (${t.year})` : ''}`).join('; '),
      render: (m) => (
        <ul class="plain">
          {m.targets.map((t) => (
            <li>
              <a href={`/indicators/${seg(t.indicator.id)}`}>{t.indicator.name}</a> {t.valueText}
              {t.year ? ` by ${t.year}` : ''}
              {t.stretch ? ' (力争)' : ''}
            </li>
          ))}
        </ul>
      ),
    },
    {
      header: 'Institutions', value: (m) => m.institutions.map((i) => i.name).join('; '),
      render: (m) => <ul class="plain">{m.institutions.map((i) => <li><a href={`/institutions/${seg(i.id)}`}>{i.name}</a></li>)}</ul>,
    },
  ];
  if (data.measures.some((m) => m.deadline)) columns.push({ header: 'Deadline', value: (m) => m.deadline });
  return (
    <section class="document">
      <h1 tabIndex={-1}>{doc.title}</h1>
      <dl class="meta">
        <dt>Status</dt>
        <dd><StatusBadge status={doc.status} current={doc.current} /></dd>
        {doc.jurisdiction || doc.city ? <><dt>Jurisdiction</dt><dd>{doc.jurisdiction ?? doc.city}{doc.level ? ` (${doc.level.toLowerCase()})` : ''}</dd></> : null}
        {doc.date ? <><dt>Date</dt><dd>{doc.date}</dd></> : null}
        {doc.issuer ? <><dt>Issuer</dt><dd>{doc.issuer}</dd></> : null}
        {doc.docNumber ? <><dt>文号</dt><dd>{doc.docNumber}</dd></> : null}
        <dt>Source</dt>
        <dd>{doc.source}</dd>
        <dt>Measures</dt>
        <dd>{data.total}</dd>
      </dl>
      <p class="actions">
        {doc.supersededBy ? (
          <>
            Superseded by <a href={docPath(doc.supersededBy.id)}>{doc.supersededBy.title}</a>:{' '}
            <a href={`/diff?from=${seg(plainID)}&to=${seg(doc.supersededBy.id.replace(/^doc:/, ''))}`}>what changed</a> ·{' '}
          </>
        ) : null}
        {data.measures.length > 0 ? <><a href={`/network?document=${seg(plainID)}`}>coordination network</a> · </> : null}
        {data.measures.some((m) => m.targets.length > 0) ? <a href={`/scorecard/${seg(plainID)}`}>target scorecard</a> : null}
      </p>
      {doc.cites.length > 0 ? (
        <p class="cites">Cites: {doc.cites.map((c) => `《${c.title ?? ''}》${c.docNumber ? `（${c.docNumber}）` : ''}`).join('、')}</p>
      ) : null}
      {doc.warnings && doc.warnings.length > 0 ? (
        <details class="warnings">
          <summary>{doc.warnings.length} warnings from the loader</summary>
          <ul>{doc.warnings.map((w) => <li><code>{w.code}</code> {w.message}</li>)}</ul>
        </details>
      ) : null}
      <fieldset class="legend">
        <legend>Marked in the text</legend>
        {kinds.filter(([k]) => marks.some((m) => m.kind === k)).map(([k, label]) => (
          <label class={`key hl-${k}`}>
            <input type="checkbox" checked={!hidden.has(k)} onChange={() => setHidden((h) => {
              const n = new Set(h);
              if (n.has(k)) n.delete(k);
              else n.add(k);
              return n;
            })} />
            {label}
          </label>
        ))}
      </fieldset>
      <div class="panes">
        <article class={'doctext ' + [...hidden].map((k) => `hide-${k}`).join(' ')} aria-label="Document text" tabIndex={0}>
          {segs.map((s) => {
            if (s.marks.length === 0) return s.text;
            const starts = s.marks.find((m) => m.ref && m.start === s.start);
            const measure = s.marks.find((m) => m.kind === 'measure');
            const ordinal = measure?.ref ? Number(measure.ref.slice(2)) : null;
            const cls = s.marks.map((m) => `hl-${m.kind}`).join(' ') + (ordinal !== null && ordinal === selected ? ' selected' : '');
            const title = s.marks.filter((m) => m.title && m.kind !== 'measure').map((m) => m.title).join('\n') || measure?.title;
            return (
              <span id={starts?.ref} class={cls} title={title} onClick={ordinal !== null ? () => setSelected(ordinal) : undefined}>
                {s.text}
              </span>
            );
          })}
        </article>
        <div class="measures-pane">
          {data.measures.length > 0 ? (
            <Table caption="Measures" filename={`${plainID}-measures.csv`} rows={data.measures} columns={columns}
              rowClass={(m) => (m.ordinal === selected ? 'selected' : undefined)} />
          ) : null}
          {doc.observations.length > 0 ? (
            <Table caption="Reported as achieved" filename={`${plainID}-observations.csv`} rows={doc.observations}
              columns={[
                { header: 'Indicator', value: (o) => o.indicator.name, render: (o) => <a href={`/indicators/${seg(o.indicator.id)}`}>{o.indicator.name}</a> },
                { header: 'Value', value: (o) => o.valueText },
                { header: 'Sentence', value: (o) => o.text, render: (o) => <a href={`${docPath(doc.id)}?span=${o.span.start}-${o.span.end}`}>{o.text}</a> },
              ]} />
          ) : null}
        </div>
      </div>
    </section>
  );
}
