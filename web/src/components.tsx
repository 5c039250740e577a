// Shared pieces of the views: tables with CSV, paging, errors, badges and the name box.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { gql } from './lib/api';
import { download, toCSV, type CsvColumn } from './lib/csv';
import { useDebounced, type Paged } from './lib/hooks';
import { docPath, navigate, seg } from './lib/router';

/** ErrorBox shows what went wrong, with the server's code. */
export function ErrorBox({ error }: { error?: Error }) {
  if (!error) return null;
  const code = (error as { code?: string }).code;
  return (
    <p class="error" role="alert">
      {error.message}
      {code ? <code class="code"> {code}</code> : null}
    </p>
  );
}

/** Loading marks a view waiting for its answer. */
export function Loading({ when }: { when: boolean }) {
  return when ? <p class="loading" aria-live="polite">Loading…</p> : null;
}

/** A column of a table: its heading, its CSV text and optionally how to draw a cell. */
export interface Column<T> extends CsvColumn<T> {
  render?: (row: T) => ComponentChildren;
  /** numeric columns align right and sort as numbers. */
  numeric?: boolean;
  /** nowrap keeps a short value (a date) on one line. */
  nowrap?: boolean;
}

interface TableProps<T> {
  columns: Column<T>[];
  rows: T[];
  caption: ComponentChildren;
  filename: string;
  /** total is the size of the whole list where rows are the pages read so far. */
  total?: number;
  hasMore?: boolean;
  onMore?: () => void;
  /** all reads every page before a CSV download. */
  all?: () => Promise<T[]>;
  loading?: boolean;
  empty?: string;
  rowClass?: (row: T) => string | undefined;
  onRowClick?: (row: T) => void;
}

/**
 * Table draws rows with sortable headings, says how many of how many it shows, reads more
 * pages on request and downloads the whole list as CSV.
 */
export function Table<T>(p: TableProps<T>) {
  const [sort, setSort] = useState<{ col: number; dir: 1 | -1 } | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = useMemo(() => {
    if (!sort) return p.rows;
    const c = p.columns[sort.col];
    const key = (r: T) => c.value(r);
    return [...p.rows].sort((a, b) => {
      const x = key(a), y = key(b);
      if (x === y) return 0;
      if (x === null || x === undefined || x === '') return 1;
      if (y === null || y === undefined || y === '') return -1;
      const d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
      return d * sort.dir;
    });
  }, [p.rows, p.columns, sort]);
  const total = p.total ?? p.rows.length;
  const csv = async () => {
    setBusy(true);
    try {
      const all = p.all ? await p.all() : p.rows;
      download(p.filename, toCSV(p.columns, all));
    } finally {
      setBusy(false);
    }
  };
  const by = (i: number) => setSort((s) => (s && s.col === i ? (s.dir === 1 ? { col: i, dir: -1 } : null) : { col: i, dir: 1 }));
  return (
    <div class="table-block">
      <div class="table-head">
        <h2 class="caption">{p.caption}</h2>
        <span class="count" aria-live="polite">
          showing {p.rows.length} of {total}
        </span>
        <button type="button" class="csv" onClick={csv} disabled={busy || p.rows.length === 0}>
          {busy ? 'Preparing CSV…' : 'Download CSV'}
        </button>
      </div>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              {p.columns.map((c, i) => (
                <th scope="col" class={c.numeric ? 'num' : undefined} aria-sort={sort?.col === i ? (sort.dir === 1 ? 'ascending' : 'descending') : undefined}>
                  <button type="button" class="sort" onClick={() => by(i)} title="Sort by this column">
                    {c.header}
                    {sort?.col === i ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr class={p.rowClass?.(r)} onClick={p.onRowClick ? () => p.onRowClick!(r) : undefined}>
                {p.columns.map((c) => (
                  <td class={[c.numeric ? 'num' : '', c.nowrap ? 'nowrap' : ''].join(' ').trim() || undefined}>{c.render ? c.render(r) : fmt(c.value(r))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!p.loading && p.rows.length === 0 ? <p class="empty">{p.empty ?? 'Nothing found.'}</p> : null}
      {p.hasMore ? (
        <button type="button" class="more" onClick={p.onMore} disabled={p.loading}>
          {p.loading ? 'Loading…' : `Load more (${total - p.rows.length} left)`}
        </button>
      ) : null}
    </div>
  );
}

function fmt(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(3);
  return String(v);
}

/** PagedTable is a Table over a connection read page by page. */
export function PagedTable<T>(p: Omit<TableProps<T>, 'rows' | 'total' | 'hasMore' | 'onMore' | 'all' | 'loading'> & { paged: Paged<T> }) {
  const { paged, ...rest } = p;
  return (
    <>
      <ErrorBox error={paged.error} />
      <Table {...rest} rows={paged.items} total={paged.total} hasMore={paged.hasMore} onMore={paged.more} all={paged.all} loading={paged.loading} />
    </>
  );
}

const roleNames: Record<string, string> = { LEAD: 'lead', SUPPORT: 'support', RESPONSIBLE: 'responsible', IMPLEMENTER: 'implementer' };

/** RoleBadge shows an agency's role in a measure. */
export function RoleBadge({ role }: { role: string }) {
  return <span class={`badge role-${role.toLowerCase()}`}>{roleNames[role] ?? role}</span>;
}

/** StatusBadge shows a document's status, and a superseded draft as such. */
export function StatusBadge({ status, current }: { status: string; current?: boolean | null }) {
  return (
    <span class={`badge status-${status.toLowerCase()}`}>
      {status.toLowerCase()}
      {current === false ? ' (superseded)' : ''}
    </span>
  );
}

/** DocLink links a document's page. */
export function DocLink({ doc }: { doc: { id: string; title: string } }) {
  return <a href={docPath(doc.id)}>{doc.title}</a>;
}

/** AgencyLink links an agency's page. */
export function AgencyLink({ agency }: { agency: { id: string; name: string; city?: string | null } }) {
  return (
    <a href={`/agencies/${seg(agency.id)}`} title={agency.city ? `${agency.name} (${agency.city})` : agency.name}>
      {agency.name}
    </a>
  );
}

/** A name the server suggests. */
export interface Suggestion {
  kind: 'AGENCY' | 'INSTITUTION' | 'INDICATOR' | 'DOCUMENT';
  id: string;
  name: string;
  city: string | null;
  matched: string;
}

/** suggestionPath is the page a suggestion opens. */
export function suggestionPath(s: Suggestion): string {
  switch (s.kind) {
    case 'AGENCY':
      return `/agencies/${seg(s.id)}`;
    case 'INSTITUTION':
      return `/institutions/${seg(s.id)}`;
    case 'INDICATOR':
      return `/indicators/${seg(s.id)}`;
    default:
      return docPath(s.id);
  }
}

const kindNames: Record<string, string> = { AGENCY: 'agency', INSTITUTION: 'institution', INDICATOR: 'indicator', DOCUMENT: 'document' };

let suggestSeq = 0;

/**
 * Suggest is a combobox: as one types, the server's `suggest` names agencies, institutions,
 * indicators (the kinds given); arrows move, Enter picks, Escape closes.
 */
export function Suggest(p: {
  kinds: Suggestion['kind'][];
  label: string;
  placeholder?: string;
  value?: string;
  onPick: (s: Suggestion) => void;
  onText?: (text: string) => void;
  id?: string;
  hideLabel?: boolean;
}) {
  const [text, setText] = useState(p.value ?? '');
  const [items, setItems] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string | null>(null);
  const idRef = useRef(p.id ?? `suggest-${++suggestSeq}`);
  const q = useDebounced(text.trim(), 120);
  useEffect(() => setText(p.value ?? ''), [p.value]);
  useEffect(() => {
    if (!q) {
      setItems([]);
      return;
    }
    const ctl = new AbortController();
    gql<{ suggest: Suggestion[] }>(
      'query Suggest($text: String!, $kinds: [SuggestKind!]) { suggest(text: $text, kinds: $kinds, first: 10) { kind id name city matched } }',
      { text: q, kinds: p.kinds },
      ctl.signal,
    ).then(
      (d) => {
        setItems(d.suggest);
        setActive(d.suggest.length > 0 ? 0 : -1);
        setError(null);
      },
      (e: Error) => e.name !== 'AbortError' && setError(e.message),
    );
    return () => ctl.abort();
  }, [q, p.kinds.join()]);
  const pick = (s: Suggestion) => {
    setOpen(false);
    setText(s.name);
    p.onPick(s);
  };
  const key = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      setOpen(true);
      setActive((a) => Math.min(a + 1, items.length - 1));
      e.preventDefault();
    } else if (e.key === 'ArrowUp') {
      setActive((a) => Math.max(a - 1, 0));
      e.preventDefault();
    } else if (e.key === 'Enter' && open && active >= 0 && items[active]) {
      pick(items[active]);
      e.preventDefault();
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };
  const listId = idRef.current + '-list';
  const show = open && q !== '' && (items.length > 0 || error !== null);
  return (
    <div class="suggest">
      <label for={idRef.current} class={p.hideLabel ? 'sr-only' : undefined}>{p.label}</label>
      <input
        id={idRef.current}
        type="search"
        // Preact's types tie role="combobox" to a <datalist>; the list here is the ARIA listbox below.
        {...({ role: 'combobox' } as object)}
        autocomplete="off"
        aria-autocomplete="list"
        aria-expanded={show}
        aria-controls={listId}
        aria-activedescendant={show && active >= 0 ? `${listId}-${active}` : undefined}
        placeholder={p.placeholder}
        value={text}
        onInput={(e) => {
          const v = (e.target as HTMLInputElement).value;
          setText(v);
          setOpen(true);
          p.onText?.(v);
        }}
        onKeyDown={key}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      {show ? (
        <ul class="suggestions" role="listbox" id={listId}>
          {error ? <li class="error">{error}</li> : null}
          {items.map((s, i) => (
            <li
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(s);
              }}
            >
              <span class="s-name">{s.name}</span>
              {s.city ? <span class="s-city">{s.city}</span> : null}
              <span class="s-kind">{kindNames[s.kind]}</span>
              {s.matched && s.matched !== s.name ? <span class="s-matched">matched {s.matched}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** GoSuggest is a Suggest that opens the page of what is picked. */
export function GoSuggest(p: { kinds: Suggestion['kind'][]; label: string; placeholder?: string; id?: string; hideLabel?: boolean }) {
  return <Suggest {...p} onPick={(s) => navigate(suggestionPath(s))} />;
}

/** Select is a labelled drop-down. */
export function Select(p: { label: string; value: string; options: [string, string][]; onChange: (v: string) => void; id: string }) {
  return (
    <span class="field">
      <label for={p.id}>{p.label}</label>
      <select id={p.id} value={p.value} onChange={(e) => p.onChange((e.target as HTMLSelectElement).value)}>
        {p.options.map(([v, l]) => (
          <option value={v}>{l}</option>
        ))}
      </select>
    </span>
  );
}
