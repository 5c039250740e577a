// Client-side routing over the History API: every view has its own URL, links are plain
// <a href> (so Enter, middle-click and copy-link work), and the back button walks views.
import { useEffect, useState } from 'preact/hooks';

/** Location is the part of the URL the views read. */
export interface Location {
  path: string;
  query: URLSearchParams;
  hash: string;
}

function current(): Location {
  return { path: location.pathname, query: new URLSearchParams(location.search), hash: location.hash };
}

const listeners = new Set<() => void>();

/** navigate shows another URL's view; replace keeps the history entry (filters typed in). */
export function navigate(url: string, replace = false): void {
  if (url === location.pathname + location.search + location.hash) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  for (const l of listeners) l();
}

/** setQuery changes query parameters of the current URL (null removes one). */
export function setQuery(changes: Record<string, string | null | undefined>, replace = true): void {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  navigate(location.pathname + (s ? '?' + s : ''), replace);
}

/** useLocation re-renders its component whenever the URL changes. */
export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return loc;
}

/** interceptLinks turns clicks on same-origin links into client-side navigation. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element).closest('a');
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    if (a.pathname.startsWith('/graphiql') || a.pathname.startsWith('/graphql') || a.pathname.startsWith('/schema')) return;
    e.preventDefault();
    navigate(a.pathname + a.search + a.hash);
  });
}

/** seg encodes an ID for a path segment. */
export const seg = (id: string) => encodeURIComponent(id);

/** docPath is a document's page; the URL drops the doc: prefix of its node ID. */
export const docPath = (id: string) => '/documents/' + seg(id.replace(/^doc:/, ''));
