// Draft → final side by side: measures paired by their words, the changed words marked inside
// each changed measure (jsdiff over the words Intl.Segmenter finds in Chinese text).
import { diffWords, type Change } from 'diff';
import { useMemo } from 'preact/hooks';
import { AgencyLink, ErrorBox, Loading, RoleBadge, Select } from '../components';
import { gql } from '../lib/api';
import { useQuery } from '../lib/hooks';
import { docPath, setQuery, type Location } from '../lib/router';

interface M {
  id: string;
  ordinal: number;
  number: string;
  title: string;
  text: string;
}

interface Resp {
  role: string;
  agency: { id: string; name: string; city: string | null };
}

interface Diff {
  from: { id: string; title: string };
  to: { id: string; title: string };
  changes: {
    from: M;
    to: M;
    titleChanged: boolean;
    textChanged?: boolean;
    agenciesAdded: Resp[];
    agenciesRemoved: Resp[];
    targetChanges: { kind?: string; indicator: { name: string }; from: { valueText: string | null; year: number | null } | null; to: { valueText: string | null; year: number | null } | null }[];
  }[];
  onlyInFrom: M[];
  onlyInTo: M[];
}

interface DocOpt {
  id: string;
  title: string;
  city: string | null;
  status: string;
  supersededBy?: { id: string } | null;
}

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('zh', { granularity: 'word' }) : undefined;

/** wordChanges compares two texts word by word. */
export function wordChanges(a: string, b: string): Change[] {
  return diffWords(a, b, segmenter ? { intlSegmenter: segmenter } : {});
}

function Side({ parts, side }: { parts: Change[]; side: 'from' | 'to' }) {
  return (
    <>
      {parts.map((p) => {
        if (p.added) return side === 'to' ? <ins>{p.value}</ins> : null;
        if (p.removed) return side === 'from' ? <del>{p.value}</del> : null;
        return p.value;
      })}
    </>
  );
}

const plain = (id: string) => id.replace(/^doc:/, '');

/** DiffView compares two versions of a plan. */
export function DiffView({ loc }: { loc: Location }) {
  const docs = useQuery(async (c) => {
    const sup = c.has('Document', 'supersededBy') ? 'supersededBy { id }' : '';
    return (await gql<{ documents: DocOpt[] }>(`{ documents { id title city status ${sup} } }`)).documents.filter((d) => d.status !== 'NEWS');
  }, []);
  let from = loc.query.get('from') ?? '';
  let to = loc.query.get('to') ?? '';
  if (!from && !to && docs.data) {
    // By default the first draft against its final text.
    const draft = docs.data.find((d) => d.status === 'DRAFT');
    const final = draft && (draft.supersededBy ?? docs.data.find((d) => d.status === 'FINAL' && d.city === draft.city));
    if (draft && final) [from, to] = [plain(draft.id), plain(final.id)];
  }
  const diff = useQuery(async (c) => {
    if (!from || !to) return null;
    const kind = c.has('TargetChange', 'kind') ? 'kind' : '';
    const textChanged = c.has('MeasureChange', 'textChanged') ? 'textChanged' : '';
    const m = 'id ordinal number title text';
    return (await gql<{ diffDocuments: Diff }>(
      `query Diff($from: ID!, $to: ID!) { diffDocuments(from: $from, to: $to) { from { id title } to { id title }
        changes { from { ${m} } to { ${m} } titleChanged ${textChanged}
          agenciesAdded { role agency { id name city } } agenciesRemoved { role agency { id name city } }
          targetChanges { ${kind} indicator { name } from { valueText year } to { valueText year } } }
        onlyInFrom { ${m} } onlyInTo { ${m} } } }`,
      { from, to },
    )).diffDocuments;
  }, [from, to]);
  const options: [string, string][] = [['', 'choose a document'], ...(docs.data ?? []).map((d): [string, string] => [plain(d.id), `${d.title} (${d.status.toLowerCase()})`])];
  const d = diff.data;
  const words = useMemo(() => d?.changes.map((c) => wordChanges(c.from.text, c.to.text)) ?? [], [d]);
  return (
    <section>
      <h1 tabIndex={-1}>Draft → final</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Select id="d-from" label="Old version" value={from} onChange={(v) => setQuery({ from: v, to })} options={options} />
        <Select id="d-to" label="New version" value={to} onChange={(v) => setQuery({ to: v, from })} options={options} />
      </form>
      <ErrorBox error={docs.error ?? diff.error} />
      <Loading when={diff.loading && !d} />
      {d ? (
        <>
          <p class="meta-line">
            {d.changes.length} measures changed, {d.onlyInFrom.length} dropped, {d.onlyInTo.length} added.
            Removed words are <del>struck through</del> on the left, added words <ins>marked</ins> on the right.
          </p>
          <div class="diff">
            <div class="diff-head"><a href={docPath(d.from.id)}>{d.from.title}</a></div>
            <div class="diff-head"><a href={docPath(d.to.id)}>{d.to.title}</a></div>
            {d.changes.map((c, i) => (
              <div class="diff-pair" role="group" aria-label={`Measure ${c.from.number} → ${c.to.number}`}>
                <div class="diff-side from">
                  <h3><a href={`${docPath(d.from.id)}#m-${c.from.ordinal}`}>{c.from.number}</a></h3>
                  <p><Side parts={words[i]} side="from" /></p>
                </div>
                <div class="diff-side to">
                  <h3><a href={`${docPath(d.to.id)}#m-${c.to.ordinal}`}>{c.to.number}</a></h3>
                  <p><Side parts={words[i]} side="to" /></p>
                </div>
                {c.agenciesAdded.length + c.agenciesRemoved.length + c.targetChanges.length > 0 ? (
                  <div class="diff-notes">
                    {c.agenciesRemoved.map((r) => <span class="chg removed">− <AgencyLink agency={r.agency} /> <RoleBadge role={r.role} /></span>)}
                    {c.agenciesAdded.map((r) => <span class="chg added">+ <AgencyLink agency={r.agency} /> <RoleBadge role={r.role} /></span>)}
                    {c.targetChanges.map((t) => (
                      <span class="chg target">
                        {t.indicator.name}: {t.from ? `${t.from.valueText ?? ''}${t.from.year ? ` (${t.from.year})` : ''}` : '—'} → {t.to ? `${t.to.valueText ?? ''}${t.to.year ? ` (${t.to.year})` : ''}` : '—'}
                      </span>
                    ))}
                  </div>
                ) : null}
              </div>
            ))}
            {d.onlyInFrom.map((m) => (
              <div class="diff-pair">
                <div class="diff-side from"><h3>{m.number}</h3><p><del>{m.text}</del></p></div>
                <div class="diff-side to empty">dropped</div>
              </div>
            ))}
            {d.onlyInTo.map((m) => (
              <div class="diff-pair">
                <div class="diff-side from empty">added</div>
                <div class="diff-side to"><h3>{m.number}</h3><p><ins>{m.text}</ins></p></div>
              </div>
            ))}
          </div>
        </>
      ) : null}
      {!from || !to ? <p class="empty">Choose two versions of a plan.</p> : null}
    </section>
  );
}
