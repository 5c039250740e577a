// Current versions: the workbench leaves out drafts superseded by their final text unless the
// researcher asks for every version. The choice sits in the URL (?versions=all), so a shared
// link shows what its sender saw.
import type { Capabilities } from './api';
import type { Location } from './router';

/** currentOnly says whether the view at loc shows current versions only. */
export const currentOnly = (loc: Location) => loc.query.get('versions') !== 'all';

/** currentArg is the `current:` argument for a field, when the server offers it. */
export function currentArg(c: Capabilities, type: string, field: string, only: boolean): { current?: boolean } {
  return only && c.has(type, field, 'current') ? { current: true } : {};
}

/** currentDecl and currentUse put `$current` into a query when the server has the argument. */
export function currentParam(c: Capabilities, type: string, field: string): { decl: string; use: string } {
  return c.has(type, field, 'current') ? { decl: ', $current: Boolean', use: 'current: $current' } : { decl: '', use: '' };
}
