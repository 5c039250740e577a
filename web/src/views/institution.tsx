// An institution's page (what a hospital has to deliver) and the list of institutions.
import { DocLink, ErrorBox, GoSuggest, Loading, PagedTable, Select, StatusBadge, Table } from '../components';
import { args, gql, paren } from '../lib/api';
import { currentOnly } from '../lib/current';
import { fromConnection, usePaged, useQuery } from '../lib/hooks';
import { docPath, seg, setQuery, type Location } from '../lib/router';

interface InstMeasure {
  id: string;
  ordinal: number;
  number: string;
  title: string;
  document: { id: string; title: string; status: string; current?: boolean };
  targets: { indicator: { id: string; name: string }; valueText: string | null; year: number | null }[];
}

/** InstitutionView shows one institution and the measures that name it. */
export function InstitutionView({ id, loc }: { id: string; loc: Location }) {
  const only = currentOnly(loc);
  const q = useQuery(async (c) => {
    const cur = c.has('Document', 'current') ? 'current' : '';
    const args = only && c.has('Institution', 'measures', 'current') ? '(current: true)' : '';
    return gql<{ node: null | { __typename: string; id: string; name: string; city: string | null; aliases: string[]; partOf: { id: string; name: string } | null; measures: InstMeasure[] } }>(
      `query Institution($id: ID!) { node(id: $id) { __typename ... on Institution { id name city aliases partOf { id name }
        measures${args} { id ordinal number title document { id title status ${cur} } targets { indicator { id name } valueText year } } } } }`,
      { id },
    );
  }, [id, only]);
  if (q.error) return <ErrorBox error={q.error} />;
  if (!q.data) return <Loading when />;
  const n = q.data.node;
  if (!n || n.__typename !== 'Institution') return <section><h1 tabIndex={-1}>No institution {id}</h1><p><a href="/institutions">All institutions</a></p></section>;
  const measures = n.measures.filter((m) => !only || m.document.current !== false);
  return (
    <section>
      <h1 tabIndex={-1}>{n.name}</h1>
      <dl class="meta">
        {n.city ? <><dt>City</dt><dd>{n.city}</dd></> : null}
        {n.aliases.length > 0 ? <><dt>Also called</dt><dd>{n.aliases.join('、')}</dd></> : null}
        {n.partOf ? <><dt>Part of</dt><dd><a href={`/institutions/${seg(n.partOf.id)}`}>{n.partOf.name}</a></dd></> : null}
      </dl>
      <Table caption="What it has to deliver" filename={`${n.name}-measures.csv`} rows={measures} columns={[
        { header: 'Document', value: (m) => m.document.title, render: (m) => <DocLink doc={m.document} /> },
        { header: 'Status', value: (m) => m.document.status, render: (m) => <StatusBadge status={m.document.status} current={m.document.current} /> },
        { header: 'No.', value: (m) => m.number, render: (m) => <a href={`${docPath(m.document.id)}#m-${m.ordinal}`}>{m.number}</a> },
        { header: 'Measure', value: (m) => m.title },
        { header: 'Targets', value: (m) => m.targets.map((t) => `${t.indicator.name} ${t.valueText ?? ''}${t.year ? ` (${t.year})` : ''}`).join('; ') },
      ]} />
    </section>
  );
}

interface InstRow {
  id: string;
  name: string;
  city: string | null;
  aliases: string[];
  partOf: { id: string; name: string } | null;
  measures: { id: string }[];
}

/** InstitutionsView lists the institutions, optionally of one city. */
export function InstitutionsView({ loc }: { loc: Location }) {
  const city = loc.query.get('city') ?? '';
  const cities = useQuery(() => gql<{ documents: { city: string | null }[] }>('{ documents { city } }').then((d) => [...new Set(d.documents.map((x) => x.city).filter((x): x is string => !!x))].sort()), []);
  const paged = usePaged<InstRow>(async (c, after, first) => {
    const a = args(c, 'Query', 'institutionsConnection', { city: ['String', city], first: ['Int', first], after: ['String', after] });
    const d = await gql<{ institutionsConnection: { totalCount: number; nodes: InstRow[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } }>(
      `query Institutions${paren(a.decl)} { institutionsConnection${paren(a.use)} { totalCount pageInfo { endCursor hasNextPage } nodes { id name city aliases partOf { id name } measures { id } } } }`,
      a.values,
    );
    return fromConnection(d.institutionsConnection);
  }, [city]);
  return (
    <section>
      <h1 tabIndex={-1}>Institutions</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <GoSuggest id="find-inst" kinds={['INSTITUTION']} label="Institution" placeholder="西苑医院" />
        <Select id="f-icity" label="City" value={city} onChange={(v) => setQuery({ city: v })} options={[['', 'every city'], ...(cities.data ?? []).map((x): [string, string] => [x, x])]} />
      </form>
      <PagedTable caption="Institutions" filename="institutions.csv" paged={paged} columns={[
        { header: 'Name', value: (r) => r.name, render: (r) => <a href={`/institutions/${seg(r.id)}`}>{r.name}</a> },
        { header: 'City', value: (r) => r.city },
        { header: 'Also called', value: (r) => r.aliases.join('、') },
        { header: 'Part of', value: (r) => r.partOf?.name },
        { header: 'Measures', value: (r) => r.measures.length, numeric: true },
      ]} />
    </section>
  );
}
