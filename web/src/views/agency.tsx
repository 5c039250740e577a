// An agency's page: its measures by role across documents and versions; and the list of
// agencies.
import { AgencyLink, DocLink, ErrorBox, GoSuggest, Loading, PagedTable, RoleBadge, Select, StatusBadge, type Column } from '../components';
import { args, gql, paren } from '../lib/api';
import { currentOnly } from '../lib/current';
import { fromConnection, usePaged, useQuery, type Page } from '../lib/hooks';
import { docPath, seg, setQuery, type Location } from '../lib/router';

interface AgencyMeasure {
  id: string;
  ordinal: number;
  number: string;
  title: string;
  document: { id: string; title: string; status: string; date: string | null; current?: boolean };
  agencies: { role: string; agency: { id: string } }[];
}

interface Conn<T> {
  totalCount: number;
  nodes: T[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

const roles = ['LEAD', 'SUPPORT', 'RESPONSIBLE', 'IMPLEMENTER'];

/** AgencyView shows one agency's measures, by role. */
export function AgencyView({ id, loc }: { id: string; loc: Location }) {
  const role = loc.query.get('role') ?? '';
  const only = currentOnly(loc);
  const head = useQuery(async (c) => {
    const cur = c.has('Agency', 'measures', 'current') && only ? ', current: true' : '';
    const extra = ['level', 'jurisdiction'].filter((f) => c.has('Agency', f)).join(' ');
    const counts = roles.map((r) => `${r.toLowerCase()}: measures(role: ${r}, first: 1${cur}) { totalCount }`).join(' ');
    return gql<{ node: null | { __typename: string; id: string; name: string; city: string | null; kind: string | null; aliases: string[]; level?: string; jurisdiction?: string } & Record<string, { totalCount: number }> }>(
      `query Agency($id: ID!) { node(id: $id) { __typename ... on Agency { id name city kind aliases ${extra} ${counts} all: measures(first: 1${cur}) { totalCount } } } }`,
      { id },
    );
  }, [id, only]);
  const paged = usePaged<AgencyMeasure>(
    async (c, after, first) => {
      const a = args(c, 'Agency', 'measures', { role: ['Role', role], current: ['Boolean', only ? true : undefined], first: ['Int', first], after: ['String', after] });
      const cur = c.has('Document', 'current') ? 'current' : '';
      const d = await gql<{ node: { measures: Conn<AgencyMeasure> } | null }>(
        `query AgencyMeasures($id: ID!${a.decl ? ', ' + a.decl : ''}) { node(id: $id) { ... on Agency { measures${paren(a.use)} {
          totalCount pageInfo { endCursor hasNextPage }
          nodes { id ordinal number title document { id title status date ${cur} } agencies { role agency { id } } } } } } }`,
        { id, ...a.values },
      );
      return d.node ? fromConnection(d.node.measures) : ({ items: [], totalCount: 0, endCursor: null, hasNextPage: false } as Page<AgencyMeasure>);
    },
    [id, role, only],
  );
  if (head.error) return <ErrorBox error={head.error} />;
  const ag = head.data?.node;
  if (!head.data) return <Loading when />;
  if (!ag || ag.__typename !== 'Agency') {
    return (
      <section>
        <h1 tabIndex={-1}>No agency {id}</h1>
        <p><a href="/agencies">All agencies</a></p>
      </section>
    );
  }
  const rolesOf = (m: AgencyMeasure) => m.agencies.filter((a) => a.agency.id === ag.id).map((a) => a.role);
  const columns: Column<AgencyMeasure>[] = [
    { header: 'Document', value: (m) => m.document.title, render: (m) => <DocLink doc={m.document} /> },
    { header: 'Status', value: (m) => m.document.status + (m.document.current === false ? ' (superseded)' : ''), render: (m) => <StatusBadge status={m.document.status} current={m.document.current} /> },
    { header: 'Date', value: (m) => m.document.date, nowrap: true },
    { header: 'No.', value: (m) => m.number, render: (m) => <a href={`${docPath(m.document.id)}#m-${m.ordinal}`}>{m.number}</a> },
    { header: 'Measure', value: (m) => m.title },
    { header: 'Role', value: (m) => rolesOf(m).join(' '), render: (m) => <>{rolesOf(m).map((r) => <RoleBadge role={r} />)}</> },
  ];
  return (
    <section>
      <h1 tabIndex={-1}>{ag.name}</h1>
      <dl class="meta">
        {ag.jurisdiction || ag.city ? <><dt>Jurisdiction</dt><dd>{ag.jurisdiction ?? ag.city}{ag.level ? ` (${ag.level.toLowerCase()})` : ''}</dd></> : null}
        {ag.kind ? <><dt>Kind</dt><dd>{ag.kind}</dd></> : null}
        {ag.aliases.length > 0 ? <><dt>Also called</dt><dd>{ag.aliases.join('、')}</dd></> : null}
      </dl>
      <p class="rolecounts" role="group" aria-label="Measures by role">
        <a href={`?${new URLSearchParams([...loc.query].filter(([k]) => k !== 'role'))}`} aria-current={role === '' ? 'true' : undefined}>
          all roles <b>{ag.all.totalCount}</b>
        </a>
        {roles.map((r) => (ag[r.toLowerCase()].totalCount > 0 ? (
          <a href={`?${new URLSearchParams([...[...loc.query].filter(([k]) => k !== 'role'), ['role', r]])}`} aria-current={role === r ? 'true' : undefined}>
            <RoleBadge role={r} /> <b>{ag[r.toLowerCase()].totalCount}</b>
          </a>
        ) : null))}
        {ag.city ? <a href={`/network?city=${seg(ag.city)}&focus=${seg(ag.id)}`}>in the network</a> : null}
      </p>
      <PagedTable caption={role ? `Measures where it is ${role.toLowerCase()}` : 'Measures'} filename={`${ag.name}-measures.csv`} paged={paged} columns={columns} />
    </section>
  );
}

interface AgencyRow {
  id: string;
  name: string;
  city: string | null;
  kind: string | null;
  aliases: string[];
  measures: { totalCount: number };
}

/** AgenciesView lists every agency, optionally of one city. */
export function AgenciesView({ loc }: { loc: Location }) {
  const city = loc.query.get('city') ?? '';
  const cities = useQuery(() => gql<{ documents: { city: string | null }[] }>('{ documents { city } }').then((d) => [...new Set(d.documents.map((x) => x.city).filter((x): x is string => !!x))].sort()), []);
  const paged = usePaged<AgencyRow>(
    async (c, after, first) => {
      const a = args(c, 'Query', 'agenciesConnection', { city: ['String', city], first: ['Int', first], after: ['String', after] });
      const d = await gql<{ agenciesConnection: Conn<AgencyRow> }>(
        `query Agencies${paren(a.decl)} { agenciesConnection${paren(a.use)} { totalCount pageInfo { endCursor hasNextPage } nodes { id name city kind aliases measures(first: 1) { totalCount } } } }`,
        a.values,
      );
      return fromConnection(d.agenciesConnection);
    },
    [city],
  );
  return (
    <section>
      <h1 tabIndex={-1}>Agencies</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <GoSuggest id="find-agency" kinds={['AGENCY']} label="Agency" placeholder="市医保局" />
        <Select id="f-city" label="City" value={city} onChange={(v) => setQuery({ city: v })} options={[['', 'every city'], ...(cities.data ?? []).map((x): [string, string] => [x, x])]} />
      </form>
      <PagedTable caption="Agencies" filename="agencies.csv" paged={paged} columns={[
        { header: 'Name', value: (r) => r.name, render: (r) => <AgencyLink agency={r} /> },
        { header: 'City', value: (r) => r.city },
        { header: 'Kind', value: (r) => r.kind },
        { header: 'Also called', value: (r) => r.aliases.join('、') },
        { header: 'Measures', value: (r) => r.measures.totalCount, numeric: true },
      ]} />
    </section>
  );
}
