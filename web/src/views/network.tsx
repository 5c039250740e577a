// The coordination network: agencies linked by the measures they share, drawn with
// Cytoscape.js (loaded only on this view), with the centrality table beside it.
import type { Core } from 'cytoscape';
import { useEffect, useRef, useState } from 'preact/hooks';
import { AgencyLink, ErrorBox, Loading, Select, Table } from '../components';
import { args, gql, paren } from '../lib/api';
import { currentOnly } from '../lib/current';
import { useQuery } from '../lib/hooks';
import { navigate, seg, setQuery, type Location } from '../lib/router';

interface NodeRow {
  agency: { id: string; name: string; city: string | null };
  lead: number;
  support: number;
  responsible: number;
  measures: number;
  degree: number;
  weightedDegree: number;
  betweenness: number;
  eigenvector: number;
}

interface EdgeRow {
  source: { id: string; name: string };
  target: { id: string; name: string };
  weight: number;
}

interface Network {
  measureCount: number;
  nodes: NodeRow[];
  edges: EdgeRow[];
}

/** NetworkView draws the network of a city, a document or everything loaded. */
export function NetworkView({ loc }: { loc: Location }) {
  const q = loc.query;
  const city = q.get('city') ?? '';
  const docID = q.get('document') ?? '';
  const status = q.get('status') ?? '';
  const implementers = q.get('implementers') === '1';
  const only = currentOnly(loc);
  const [selected, setSelected] = useState<string | null>(q.get('focus'));
  const docs = useQuery(() => gql<{ documents: { id: string; title: string; city: string | null; status: string }[] }>('{ documents { id title city status } }'), []);
  const net = useQuery(async (c) => {
    const a = args(c, 'Query', 'coordination', {
      city: ['String', city], document: ['ID', docID], status: ['DocumentStatus', status],
      includeImplementers: ['Boolean', implementers || undefined], current: ['Boolean', only && !docID ? true : undefined],
    });
    return gql<{ coordination: Network }>(
      `query Network${paren(a.decl)} { coordination${paren(a.use)} { measureCount
        nodes { agency { id name city } lead support responsible measures degree weightedDegree betweenness eigenvector }
        edges { source { id name } target { id name } weight } } }`,
      a.values,
    ).then((d) => d.coordination);
  }, [city, docID, status, implementers, only]);
  const box = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const [drawError, setDrawError] = useState<Error>();
  useEffect(() => {
    const data = net.data;
    if (!data || !box.current) return;
    let dead = false;
    import('cytoscape').then(({ default: cytoscape }) => {
      if (dead || !box.current) return;
      cy.current?.destroy();
      const maxW = Math.max(1, ...data.edges.map((e) => e.weight));
      const maxM = Math.max(1, ...data.nodes.map((n) => n.measures));
      const c = cytoscape({
        container: box.current,
        elements: [
          ...data.nodes.map((n) => ({ data: { id: n.agency.id, label: n.agency.name, size: 16 + 34 * Math.sqrt(n.measures / maxM), lead: n.lead > 0 ? 1 : 0 } })),
          ...data.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source.id, target: e.target.id, w: 0.5 + 5 * (e.weight / maxW), weight: e.weight } })),
        ],
        style: [
          { selector: 'node', style: { label: 'data(label)', width: 'data(size)', height: 'data(size)', 'background-color': '#7aa7d9', 'font-size': 12, 'min-zoomed-font-size': 7, 'text-valign': 'bottom', 'text-margin-y': 3, color: '#222', 'font-family': 'system-ui, "WenQuanYi Micro Hei", sans-serif', 'text-background-color': '#fff', 'text-background-opacity': 0.7, 'text-background-padding': '1px' } },
          { selector: 'node[lead = 1]', style: { 'background-color': '#1f5fae' } },
          { selector: 'edge', style: { width: 'data(w)', 'line-color': '#b9c4d0', 'curve-style': 'haystack', opacity: 0.8 } },
          { selector: '.faded', style: { opacity: 0.15 } },
          { selector: 'node:selected', style: { 'background-color': '#d1242f', 'border-width': 3, 'border-color': '#222' } },
          { selector: 'edge.near', style: { 'line-color': '#d1242f', opacity: 1 } },
        ],
        layout: { name: 'cose', animate: false, randomize: true, nodeRepulsion: () => 400000, idealEdgeLength: () => 140, nodeOverlap: 40, componentSpacing: 80, gravity: 0.25, numIter: 2500, padding: 30 },
        wheelSensitivity: 0.3,
      });
      c.on('tap', 'node', (e) => setSelected(e.target.id()));
      c.on('tap', (e) => e.target === c && setSelected(null));
      c.on('dbltap', 'node', (e) => navigate(`/agencies/${seg(e.target.id())}`));
      cy.current = c;
      setDrawError(undefined);
      if (selected) mark(c, selected);
    }, (e: Error) => setDrawError(e));
    return () => {
      dead = true;
    };
  }, [net.data]);
  useEffect(() => {
    if (cy.current) mark(cy.current, selected);
  }, [selected]);
  useEffect(() => () => cy.current?.destroy(), []);
  const docOptions: [string, string][] = [['', 'every document'], ...(docs.data?.documents ?? []).filter((d) => d.status !== 'NEWS').map((d): [string, string] => [d.id.replace(/^doc:/, ''), `${d.title} (${d.status.toLowerCase()})`])];
  const cities = [...new Set((docs.data?.documents ?? []).map((d) => d.city).filter((x): x is string => !!x))].sort();
  const data = net.data;
  return (
    <section>
      <h1 tabIndex={-1}>Coordination network</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Select id="n-city" label="City" value={city} onChange={(v) => setQuery({ city: v, focus: null })} options={[['', 'every city'], ...cities.map((x): [string, string] => [x, x])]} />
        <Select id="n-doc" label="Document" value={docID} onChange={(v) => setQuery({ document: v, focus: null })} options={docOptions} />
        <Select id="n-status" label="Status" value={status} onChange={(v) => setQuery({ status: v })} options={[['', 'any status'], ['FINAL', 'final'], ['DRAFT', 'draft']]} />
        <label class="toggle">
          <input type="checkbox" checked={implementers} onChange={(e) => setQuery({ implementers: (e.target as HTMLInputElement).checked ? '1' : null })} />
          include implementers (各县（市、区）政府)
        </label>
      </form>
      <ErrorBox error={net.error ?? drawError} />
      <Loading when={net.loading} />
      {data ? <p class="meta-line">{data.nodes.length} agencies, {data.edges.length} links, from {data.measureCount} measures. Click an agency to see its partners; double-click to open its page.</p> : null}
      <div class="network">
        <div class="graph" ref={box} role="img" aria-label="Network of agencies linked by shared measures" />
        <div class="side">
          {data ? (
            <Table caption="Centrality" filename="centrality.csv" rows={data.nodes} rowClass={(n) => (n.agency.id === selected ? 'selected' : undefined)}
              columns={[
                { header: 'Agency', value: (n) => n.agency.name, render: (n) => <><AgencyLink agency={n.agency} /> <button type="button" class="linkish small" onClick={() => setSelected(n.agency.id)} aria-label={`Show ${n.agency.name} in the network`}>◎</button></> },
                { header: 'Lead', value: (n) => n.lead, numeric: true },
                { header: 'Support', value: (n) => n.support, numeric: true },
                { header: 'Resp.', value: (n) => n.responsible, numeric: true },
                { header: 'Measures', value: (n) => n.measures, numeric: true },
                { header: 'Degree', value: (n) => n.degree, numeric: true },
                { header: 'Weighted', value: (n) => n.weightedDegree, numeric: true },
                { header: 'Betweenness', value: (n) => n.betweenness, numeric: true },
                { header: 'Eigenvector', value: (n) => n.eigenvector, numeric: true },
              ]} />
          ) : null}
        </div>
      </div>
      {data ? (
        <Table caption="Links" filename="links.csv" rows={data.edges} columns={[
          { header: 'Agency', value: (e) => e.source.name },
          { header: 'Partner', value: (e) => e.target.name },
          { header: 'Shared measures', value: (e) => e.weight, numeric: true },
        ]} />
      ) : null}
    </section>
  );
}

function mark(c: Core, id: string | null) {
  c.elements().removeClass('faded near').unselect();
  if (!id) return;
  const n = c.getElementById(id);
  if (n.empty()) return;
  n.select();
  const near = n.closedNeighborhood();
  c.elements().not(near).addClass('faded');
  n.connectedEdges().addClass('near');
  c.animate({ center: { eles: n } }, { duration: 200 });
}
