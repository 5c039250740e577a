// Data hooks: one query per view state, cancelled when the state changes, and Relay
// connections read page by page.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { caps, type Capabilities } from './api';

/** A query's state: data once it arrived, or the error. */
export interface QueryState<T> {
  data?: T;
  error?: Error;
  loading: boolean;
}

/** useQuery runs load whenever deps change and drops answers to older states. */
export function useQuery<T>(load: (c: Capabilities, signal: AbortSignal) => Promise<T>, deps: unknown[]): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ loading: true });
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    caps()
      .then((c) => load(c, ctl.signal))
      .then(
        (data) => !ctl.signal.aborted && setState({ data, loading: false }),
        (error: Error) => !ctl.signal.aborted && error.name !== 'AbortError' && setState({ error, loading: false }),
      );
    return () => ctl.abort();
  }, deps);
  return state;
}

/** A page of a Relay connection. */
export interface Page<T> {
  items: T[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

/** A connection read so far. */
export interface Paged<T> {
  items: T[];
  total: number;
  hasMore: boolean;
  loading: boolean;
  error?: Error;
  /** more reads the next page. */
  more: () => void;
  /** all reads every remaining page and returns the whole list (for CSV). */
  all: () => Promise<T[]>;
}

/** The page size the workbench asks for; the server allows up to 100. */
export const PAGE = 50;

/** fromConnection reads a connection of the API into a Page. */
export function fromConnection<T>(c: { totalCount: number; nodes: T[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } }): Page<T> {
  return { items: c.nodes, totalCount: c.totalCount, endCursor: c.pageInfo.endCursor, hasNextPage: c.pageInfo.hasNextPage };
}

/** usePaged reads the first page whenever deps change, and further pages on request. */
export function usePaged<T>(load: (c: Capabilities, after: string | null, first: number) => Promise<Page<T>>, deps: unknown[]): Paged<T> {
  const [state, setState] = useState<{ items: T[]; total: number; cursor: string | null; hasMore: boolean; loading: boolean; error?: Error }>(
    { items: [], total: 0, cursor: null, hasMore: false, loading: true },
  );
  const generation = useRef(0);
  const stateRef = useRef(state);
  stateRef.current = state;
  useEffect(() => {
    const gen = ++generation.current;
    setState({ items: [], total: 0, cursor: null, hasMore: false, loading: true });
    caps()
      .then((c) => load(c, null, PAGE))
      .then(
        (p) => gen === generation.current && setState({ items: p.items, total: p.totalCount, cursor: p.endCursor, hasMore: p.hasNextPage, loading: false }),
        (error: Error) => gen === generation.current && setState((s) => ({ ...s, loading: false, error })),
      );
  }, deps);
  const fetchNext = useCallback(async (): Promise<boolean> => {
    const gen = generation.current;
    const s = stateRef.current;
    if (!s.hasMore) return false;
    setState({ ...s, loading: true });
    try {
      const p = await load(await caps(), s.cursor, PAGE);
      if (gen !== generation.current) return false;
      const next = { items: [...s.items, ...p.items], total: p.totalCount, cursor: p.endCursor, hasMore: p.hasNextPage, loading: false };
      stateRef.current = next;
      setState(next);
      return p.hasNextPage;
    } catch (error) {
      setState({ ...s, loading: false, error: error as Error });
      return false;
    }
  }, deps);
  const all = useCallback(async () => {
    while (await fetchNext()) {
      // each round reads one more page
    }
    return stateRef.current.items;
  }, [fetchNext]);
  return {
    items: state.items, total: state.total, hasMore: state.hasMore, loading: state.loading, error: state.error,
    more: () => void fetchNext(), all,
  };
}

/** useDebounced follows value after it has stayed the same for ms. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
