// The workbench talks to policykg through its public GraphQL API at /graphql and, for
// uploads, the REST endpoints /preview and /documents; nothing else.

/** A GraphQL error as the server reports it. */
export interface GraphQLError {
  message: string;
  extensions?: { code?: string; requestId?: string };
}

/** ApiError carries the server's errors; its message is written for a person. */
export class ApiError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/** gql runs one query and returns its data, or throws an ApiError naming what went wrong. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(`The server cannot be reached: ${(e as Error).message}`);
  }
  let body: { data?: T; errors?: GraphQLError[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`The server answered ${res.status} ${res.statusText} without JSON.`);
  }
  if (body.errors && body.errors.length > 0) {
    const e = body.errors[0];
    const more = body.errors.length > 1 ? ` (and ${body.errors.length - 1} more)` : '';
    throw new ApiError(e.message + more, e.extensions?.code);
  }
  if (!body.data) throw new ApiError(`The server answered ${res.status} with no data.`);
  return body.data;
}

/**
 * orMissing turns a NOT_FOUND answer (an ID that names nothing loaded) into the value given,
 * for pages that show "nothing here" rather than an error.
 */
export async function orMissing<T>(answer: Promise<T>, missing: T): Promise<T> {
  try {
    return await answer;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'NOT_FOUND') return missing;
    throw e;
  }
}

/** The fields and arguments the server offers, by type: lets views use newer ones where present. */
export interface Capabilities {
  has(type: string, field: string, arg?: string): boolean;
}

let capabilities: Promise<Capabilities> | undefined;

/**
 * caps asks the server once which fields and arguments its schema has. A server that refuses
 * introspection is taken to offer everything the workbench uses.
 */
export function caps(): Promise<Capabilities> {
  capabilities ??= gql<{ __schema: { types: { name: string; fields: { name: string; args: { name: string }[] }[] | null }[] } }>(
    '{ __schema { types { name fields { name args { name } } } } }',
  ).then(
    (d) => {
      const known = new Set<string>();
      for (const t of d.__schema.types) {
        for (const f of t.fields ?? []) {
          known.add(`${t.name}.${f.name}`);
          for (const a of f.args) known.add(`${t.name}.${f.name}(${a.name})`);
        }
      }
      return { has: (type, field, arg) => known.has(arg ? `${type}.${field}(${arg})` : `${type}.${field}`) };
    },
    () => ({ has: () => true }),
  );
  return capabilities;
}

/** The answer of POST /documents and POST /preview when they fail. */
export interface RestError {
  error: { code: string; message: string; file?: string };
}

/** postFiles sends files as multipart field `file` and returns the JSON answer. */
export async function postFiles(url: string, files: File[], token?: string): Promise<unknown> {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body: form, headers });
  } catch (e) {
    throw new ApiError(`The server cannot be reached: ${(e as Error).message}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(`${url} answered ${res.status} ${res.statusText}: ${text.slice(0, 200)}`);
  }
  if (!res.ok) {
    const e = (body as RestError).error;
    throw new ApiError(e ? `${e.message}${e.file ? ` (${e.file})` : ''}` : `${url} answered ${res.status}`, e?.code);
  }
  return body;
}

/** Info is GET /api/info. */
export interface Info {
  writable: boolean;
  version: string;
}

/** info reads /api/info; null when the server has no such endpoint. */
export async function info(): Promise<Info | null> {
  try {
    const res = await fetch('/api/info', { headers: { Accept: 'application/json' } });
    if (!res.ok) return null;
    return (await res.json()) as Info;
  } catch {
    return null;
  }
}

/** Args are a field's arguments in a query: declarations, uses and variable values. */
export interface Args {
  decl: string;
  use: string;
  values: Record<string, unknown>;
}

/**
 * args puts into a query the arguments of type.field that have a value and that the server
 * offers: wanted maps an argument to its GraphQL type and value. Variables are named
 * prefix+argument, so one query can hold several fields' arguments.
 */
export function args(c: Capabilities, type: string, field: string, wanted: Record<string, [string, unknown]>, prefix = ''): Args {
  const decl: string[] = [];
  const use: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, [t, v]] of Object.entries(wanted)) {
    if (v === undefined || v === null || v === '' || !c.has(type, field, name)) continue;
    decl.push(`$${prefix}${name}: ${t}`);
    use.push(`${name}: $${prefix}${name}`);
    values[prefix + name] = v;
  }
  return { decl: decl.join(', '), use: use.join(', '), values };
}

/** joinArgs writes declarations or uses of several Args, comma-separated, empty ones left out. */
export const join = (...parts: string[]) => parts.filter(Boolean).join(', ');

/** paren wraps a non-empty argument list in parentheses. */
export const paren = (s: string) => (s ? `(${s})` : '');
