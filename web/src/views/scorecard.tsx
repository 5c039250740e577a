// The target scorecard of a plan: each target's deadline and state as of today, with the
// deciding or latest observation.
import { DocLink, ErrorBox, Loading, Select, Table } from '../components';
import { gql } from '../lib/api';
import { useQuery } from '../lib/hooks';
import { docPath, navigate, seg, type Location } from '../lib/router';

interface Entry {
  state: string;
  deadline?: string | null;
  target: {
    id: string;
    valueText: string | null;
    comparator: string | null;
    year: number | null;
    text: string;
    span: { start: number; end: number };
    indicator: { id: string; name: string };
    measure: { ordinal: number; number: string };
  };
  observation: null | {
    id: string;
    valueText: string | null;
    date?: string | null;
    text: string;
    span: { start: number; end: number };
    document: { id: string; title: string; date: string | null };
  };
}

const states: [string, string][] = [['MET', 'met'], ['MISSED', 'missed'], ['NOT_DUE', 'not due'], ['NOT_REPORTED', 'not reported']];
const stateName = Object.fromEntries(states);

/** ScorecardView shows the scorecard of the plan in the URL, or asks for one. */
export function ScorecardView({ id }: { id?: string; loc: Location }) {
  const docs = useQuery(() => gql<{ documents: { id: string; title: string; status: string }[] }>('{ documents { id title status } }'), []);
  const card = useQuery(async (c) => {
    if (!id) return null;
    if (!c.has('Query', 'scorecard')) throw new Error('This server has no scorecard yet: it needs a policykg with scorecard(document:).');
    const deadline = c.has('ScorecardEntry', 'deadline') ? 'deadline' : '';
    const date = c.has('Observation', 'date') ? 'date' : '';
    const d = await gql<{ scorecard: Entry[]; document: { id: string; title: string } | null }>(
      `query Scorecard($id: ID!) { document(id: $id) { id title } scorecard(document: $id) { state ${deadline}
        target { id valueText comparator year text span { start end } indicator { id name } measure { ordinal number } }
        observation { id valueText ${date} text span { start end } document { id title date } } } }`,
      { id },
    );
    return d;
  }, [id]);
  const options: [string, string][] = [['', 'choose a plan'], ...(docs.data?.documents ?? []).filter((d) => d.status !== 'NEWS').map((d): [string, string] => [d.id.replace(/^doc:/, ''), `${d.title} (${d.status.toLowerCase()})`])];
  const data = card.data;
  const counts = states.map(([s, label]) => [label, data?.scorecard.filter((e) => e.state === s).length ?? 0] as const);
  return (
    <section>
      <h1 tabIndex={-1}>Target scorecard{data?.document ? `: ${data.document.title}` : ''}</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Select id="s-doc" label="Plan" value={id ?? ''} onChange={(v) => navigate(v ? `/scorecard/${seg(v)}` : '/scorecard')} options={options} />
      </form>
      <ErrorBox error={docs.error ?? card.error} />
      <Loading when={card.loading && !!id} />
      {data ? (
        <>
          <p class="meta-line">
            As of today, {new Date().toISOString().slice(0, 10)}: {counts.map(([l, n]) => `${n} ${l}`).join(', ')}.{' '}
            {data.document ? <DocLink doc={{ id: data.document.id, title: 'Open the plan' }} /> : null}
          </p>
          <Table caption="Targets" filename={`${id}-scorecard.csv`} rows={data.scorecard} rowClass={(e) => `state-${e.state.toLowerCase()}`} columns={[
            { header: 'Indicator', value: (e) => e.target.indicator.name, render: (e) => <a href={`/indicators/${seg(e.target.indicator.id)}`}>{e.target.indicator.name}</a> },
            { header: 'Target', value: (e) => e.target.valueText, render: (e) => <a href={`${docPath(id!)}?span=${e.target.span.start}-${e.target.span.end}`}>{e.target.valueText ?? '—'}</a> },
            { header: 'Deadline', value: (e) => e.deadline ?? (e.target.year ? String(e.target.year) : ''), nowrap: true },
            { header: 'State', value: (e) => e.state, render: (e) => <span class={`badge state-${e.state.toLowerCase()}`}>{stateName[e.state] ?? e.state}</span> },
            { header: 'Observed', value: (e) => e.observation?.valueText ?? '' },
            { header: 'Reported', value: (e) => e.observation?.date ?? e.observation?.document.date ?? '', nowrap: true },
            { header: 'Evidence', value: (e) => e.observation?.text ?? '',
              render: (e) => (e.observation ? <a href={`${docPath(e.observation.document.id)}?span=${e.observation.span.start}-${e.observation.span.end}`}>{e.observation.text}</a> : '—') },
            { header: 'Measure', value: (e) => e.target.measure.number, render: (e) => <a href={`${docPath(id!)}#m-${e.target.measure.ordinal}`}>{e.target.measure.number}</a> },
          ]} />
        </>
      ) : null}
      {!id ? <p class="empty">Choose a plan to see its targets' states.</p> : null}
    </section>
  );
}
