// Full-text search with the passages that matched, the words found marked.
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Table } from '../components';
import { gql } from '../lib/api';
import { fromConnection, usePaged } from '../lib/hooks';
import { docPath, seg, setQuery, type Location } from '../lib/router';

interface Hit {
  kind: string;
  score: number;
  text: string;
  span: { start: number; end: number } | null;
  document: { id: string; title: string } | null;
  node: { __typename: string; id: string; number?: string; ordinal?: number; name?: string };
  highlights: { field: string; fragments: string[]; terms: string[] }[];
}

const kindNames: [string, string][] = [['MEASURE', 'measures'], ['TARGET', 'targets'], ['INSTITUTION', 'institutions'], ['PARAGRAPH', 'news paragraphs']];

const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'", '&#34;': '"' };

/**
 * Fragment draws a highlight the server sent as escaped HTML with <mark>: it is read as text
 * and marks, never injected as HTML.
 */
export function Fragment({ html }: { html: string }) {
  const parts = html.split(/(<mark>|<\/mark>)/);
  let inMark = false;
  const out = [];
  for (const p of parts) {
    if (p === '<mark>') inMark = true;
    else if (p === '</mark>') inMark = false;
    else if (p) {
      const text = p.replace(/&(lt|gt|amp|quot|#39|#34);/g, (e) => entities[e] ?? e);
      out.push(inMark ? <mark>{text}</mark> : text);
    }
  }
  return <>{out}</>;
}

function hitLink(h: Hit): string {
  if (h.node.__typename === 'Institution') return `/institutions/${seg(h.node.id)}`;
  if (h.document) return `${docPath(h.document.id)}${h.span ? `?span=${h.span.start}-${h.span.end}` : ''}`;
  return '#';
}

/** SearchView searches what the URL's q says. */
export function SearchView({ loc }: { loc: Location }) {
  const text = loc.query.get('q') ?? '';
  const kinds = (loc.query.get('kinds') ?? '').split(',').filter(Boolean);
  const [draft, setDraft] = useState(text);
  useEffect(() => setDraft(text), [text]);
  const paged = usePaged<Hit>(async (_c, after, first) => {
    if (!text.trim()) return { items: [], totalCount: 0, endCursor: null, hasNextPage: false };
    const d = await gql<{ search: { totalCount: number; nodes: Hit[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } }>(
      `query Search($text: String!, $kinds: [SearchHitKind!], $first: Int, $after: String) { search(text: $text, kinds: $kinds, first: $first, after: $after) {
        totalCount pageInfo { endCursor hasNextPage }
        nodes { kind score text span { start end } document { id title }
          node { __typename id ... on Measure { number ordinal } ... on Institution { name } ... on Target { measure { number } } }
          highlights { field fragments terms } } } }`,
      { text, kinds: kinds.length > 0 ? kinds : null, first, after },
    );
    return fromConnection(d.search);
  }, [text, kinds.join()]);
  const toggle = (k: string) => {
    const next = kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k];
    setQuery({ kinds: next.join(',') });
  };
  return (
    <section>
      <h1 tabIndex={-1}>Search</h1>
      <form class="filters" role="search" onSubmit={(e) => {
        e.preventDefault();
        setQuery({ q: draft.trim() }, false);
      }}>
        <span class="field">
          <label for="q">Words</label>
          <input id="q" type="search" value={draft} placeholder="安宁疗护 签约" onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
        </span>
        <button type="submit">Search</button>
        <fieldset class="kinds">
          <legend>Only</legend>
          {kindNames.map(([k, label]) => (
            <label class="toggle"><input type="checkbox" checked={kinds.includes(k)} onChange={() => toggle(k)} /> {label}</label>
          ))}
        </fieldset>
      </form>
      <p class="hint">Words separated by spaces must all be found; each word is matched as written.</p>
      <ErrorBox error={paged.error} />
      {text ? (
        <Table caption={`Hits for ${text}`} filename="search.csv" rows={paged.items} total={paged.total} hasMore={paged.hasMore} onMore={paged.more} all={paged.all} loading={paged.loading}
          empty="No hit." columns={[
            { header: 'Kind', value: (h) => h.kind.toLowerCase() },
            { header: 'Where', value: (h) => (h.document ? `${h.document.title}${h.node.number ? ' ' + h.node.number : ''}` : h.node.name ?? ''),
              render: (h) => <a href={hitLink(h)}>{h.document ? h.document.title : h.node.name}{h.node.number ? ` ${h.node.number}` : ''}</a> },
            { header: 'Passages', value: (h) => h.highlights.flatMap((x) => x.fragments).join(' … ').replace(/<\/?mark>/g, ''),
              render: (h) => <div class="passages">{h.highlights.flatMap((x) => x.fragments.map((f) => <p class="passage"><span class="field-name">{x.field}</span> <Fragment html={f} /></p>))}</div> },
            { header: 'Score', value: (h) => Math.round(h.score * 100) / 100, numeric: true },
          ]} />
      ) : null}
    </section>
  );
}
