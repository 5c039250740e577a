// Documents by jurisdiction, level, status and date.
import { useEffect, useRef } from 'preact/hooks';
import { DocLink, PagedTable, Select, StatusBadge, type Column } from '../components';
import { args, gql, paren } from '../lib/api';
import { currentOnly } from '../lib/current';
import { useCaps } from '../lib/caps';
import { fromConnection, usePaged, useQuery } from '../lib/hooks';
import { setQuery, type Location } from '../lib/router';

interface DocRow {
  id: string;
  title: string;
  city: string | null;
  jurisdiction?: string | null;
  level?: string | null;
  status: string;
  current?: boolean;
  date: string | null;
  issuer: string | null;
  docNumber: string | null;
  source: string;
  measures: { totalCount: number };
}

const levels: [string, string][] = [['', 'any level'], ['NATIONAL', 'national'], ['PROVINCIAL', 'provincial'], ['CITY', 'city'], ['COUNTY', 'county']];
const statuses: [string, string][] = [['', 'any status'], ['FINAL', 'final'], ['DRAFT', 'draft'], ['NEWS', 'news']];

/** DocumentsView lists the documents, filtered by the URL's query. */
export function DocumentsView({ loc }: { loc: Location }) {
  const q = loc.query;
  const where = q.get('where') ?? '';
  const level = q.get('level') ?? '';
  const status = q.get('status') ?? '';
  const only = currentOnly(loc);
  const c = useCaps();
  // The jurisdictions to choose from: every document's, read once.
  const places = useQuery(
    (c) =>
      gql<{ documents: { city: string | null; jurisdiction?: string | null }[] }>(
        `{ documents { city ${c.has('Document', 'jurisdiction') ? 'jurisdiction' : ''} } }`,
      ).then((d) => [...new Set(d.documents.map((x) => x.jurisdiction ?? x.city).filter((x): x is string => !!x))].sort((a, b) => a.localeCompare(b, 'zh-CN'))),
    [],
  );
  const paged = usePaged<DocRow>(
    async (c, after, first) => {
      const a = args(c, 'Query', 'documentsConnection', {
        jurisdiction: ['String', c.has('Query', 'documentsConnection', 'jurisdiction') ? where : undefined],
        city: ['String', c.has('Query', 'documentsConnection', 'jurisdiction') ? undefined : where],
        level: ['Level', level],
        status: ['DocumentStatus', status],
        current: ['Boolean', only ? true : undefined],
        first: ['Int', first],
        after: ['String', after],
      });
      const extra = ['jurisdiction', 'level', 'current'].filter((f) => c.has('Document', f)).join(' ');
      const d = await gql<{ documentsConnection: { totalCount: number; nodes: DocRow[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } }>(
        `query Documents${paren(a.decl)} { documentsConnection${paren(a.use)} { totalCount pageInfo { endCursor hasNextPage }
          nodes { id title city ${extra} status date issuer docNumber source measures(first: 1) { totalCount } } } }`,
        a.values,
      );
      return fromConnection(d.documentsConnection);
    },
    [where, level, status, only],
  );
  const ready = useRef(false);
  useEffect(() => {
    if (!ready.current && !paged.loading && paged.items.length > 0) {
      ready.current = true;
      performance.mark('workbench-ready');
    }
  }, [paged.loading, paged.items.length]);
  const columns: Column<DocRow>[] = [
    { header: 'Title', value: (r) => r.title, render: (r) => <DocLink doc={r} /> },
    { header: 'Jurisdiction', value: (r) => r.jurisdiction ?? r.city },
    { header: 'Level', value: (r) => r.level?.toLowerCase() },
    { header: 'Status', value: (r) => r.status + (r.current === false ? ' (superseded)' : ''), render: (r) => <StatusBadge status={r.status} current={r.current} /> },
    { header: 'Date', value: (r) => r.date, nowrap: true },
    { header: 'Issuer', value: (r) => r.issuer },
    { header: '文号', value: (r) => r.docNumber },
    { header: 'Measures', value: (r) => r.measures.totalCount, numeric: true },
    { header: 'ID', value: (r) => r.id.replace(/^doc:/, '') },
  ];
  return (
    <section>
      <h1 tabIndex={-1}>Documents</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Select id="f-where" label="Jurisdiction" value={where} onChange={(v) => setQuery({ where: v })}
          options={[['', 'anywhere'], ...(places.data ?? []).map((p): [string, string] => [p, p])]} />
        {c?.has('Query', 'documentsConnection', 'level') ? <Select id="f-level" label="Level" value={level} onChange={(v) => setQuery({ level: v })} options={levels} /> : null}
        <Select id="f-status" label="Status" value={status} onChange={(v) => setQuery({ status: v })} options={statuses} />
      </form>
      <PagedTable caption="Documents" filename="documents.csv" paged={paged} columns={columns} empty="No document matches." />
    </section>
  );
}
