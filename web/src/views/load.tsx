// Load: drop a file to see what would be extracted (POST /preview, nothing stored); with the
// write token, load it into the store (POST /documents).
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, RoleBadge, Table } from '../components';
import { info, postFiles, type Info } from '../lib/api';
import { docPath } from '../lib/router';

interface Extracted {
  id: string;
  title: string;
  city?: string;
  jurisdiction?: string;
  level?: string;
  status: string;
  date?: string;
  issuer?: string;
  measures: {
    ordinal: number;
    number: string;
    title: string;
    responsibilities: { agency: { name: string }; role: string }[] | null;
    institutions: { name: string }[] | null;
    targets: { indicator: string; valueText?: string; year?: number }[] | null;
  }[] | null;
  observations: { indicator: string; valueText?: string }[] | null;
  warnings?: { code: string; message: string }[] | null;
}

interface Loaded {
  loaded: { id: string; title: string; source: string; measures: number; status: string }[];
}

/** LoadView previews and loads files. */
export function LoadView() {
  const [files, setFiles] = useState<File[]>([]);
  const [preview, setPreview] = useState<{ file: string; doc: Extracted }[]>([]);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [token, setToken] = useState('');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [server, setServer] = useState<Info | null | undefined>();
  useEffect(() => void info().then(setServer), []);
  const take = async (list: File[]) => {
    setFiles(list);
    setLoaded(null);
    setError(undefined);
    setPreview([]);
    setBusy(true);
    try {
      const out: { file: string; doc: Extracted }[] = [];
      for (const f of list) {
        const r = (await postFiles('/preview', [f])) as { document: Extracted };
        out.push({ file: f.name, doc: r.document });
      }
      setPreview(out);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const load = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setLoaded((await postFiles('/documents', files, token)) as Loaded);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h1 tabIndex={-1}>Load a document</h1>
      <p>
        Drop a plan, a draft or a news report (text, HTML or DOCX) to see what policykg reads from it. Nothing is stored until you load it with
        the server's write token.
      </p>
      <label
        class={'dropzone' + (over ? ' over' : '')}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void take([...(e.dataTransfer?.files ?? [])]);
        }}
      >
        <span>Drop files here, or choose them:</span>
        <input type="file" multiple onChange={(e) => void take([...((e.target as HTMLInputElement).files ?? [])])} />
      </label>
      {busy ? <p class="loading" aria-live="polite">Working…</p> : null}
      <ErrorBox error={error} />
      {preview.map(({ file, doc }) => <Preview file={file} doc={doc} />)}
      {files.length > 0 && preview.length > 0 ? (
        <form class="filters load" onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}>
          {server && !server.writable ? <p class="error">This server is read-only: start it with --write-token (or POLICYKG_WRITE_TOKEN) to load over HTTP.</p> : null}
          <span class="field">
            <label for="token">Write token</label>
            <input id="token" type="password" autocomplete="off" value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
          </span>
          <button type="submit" disabled={busy || !token}>Load into the store</button>
        </form>
      ) : null}
      {loaded ? (
        <Table caption="Loaded" filename="loaded.csv" rows={loaded.loaded} columns={[
          { header: 'Document', value: (l) => l.title, render: (l) => <a href={docPath(l.id)}>{l.title}</a> },
          { header: 'File', value: (l) => l.source },
          { header: 'Measures', value: (l) => l.measures, numeric: true },
          { header: 'Result', value: (l) => l.status },
        ]} />
      ) : null}
    </section>
  );
}

function Preview({ file, doc }: { file: string; doc: Extracted }) {
  const measures = doc.measures ?? [];
  return (
    <div class="preview">
      <h2>{doc.title}</h2>
      <dl class="meta">
        <dt>File</dt><dd>{file}</dd>
        <dt>Status</dt><dd>{doc.status}</dd>
        {doc.jurisdiction || doc.city ? <><dt>Jurisdiction</dt><dd>{doc.jurisdiction ?? doc.city}</dd></> : null}
        {doc.date ? <><dt>Date</dt><dd>{doc.date}</dd></> : null}
        {doc.issuer ? <><dt>Issuer</dt><dd>{doc.issuer}</dd></> : null}
        <dt>ID</dt><dd>{doc.id}</dd>
      </dl>
      {doc.warnings && doc.warnings.length > 0 ? (
        <div class="warnings" role="note">
          <h3>{doc.warnings.length} warnings</h3>
          <ul>{doc.warnings.map((w) => <li><code>{w.code}</code> {w.message}</li>)}</ul>
        </div>
      ) : null}
      <Table caption="Measures that would be loaded" filename={`${doc.id}-preview.csv`} rows={measures} columns={[
        { header: 'No.', value: (m) => m.number },
        { header: 'Measure', value: (m) => m.title },
        { header: 'Agencies and roles', value: (m) => (m.responsibilities ?? []).map((r) => `${r.agency.name}:${r.role}`).join('; '),
          render: (m) => <ul class="chips">{(m.responsibilities ?? []).map((r) => <li>{r.agency.name} <RoleBadge role={r.role} /></li>)}</ul> },
        { header: 'Targets', value: (m) => (m.targets ?? []).map((t) => `${t.indicator} ${t.valueText ?? ''}${t.year ? ` (${t.year})` : ''}`).join('; ') },
        { header: 'Institutions', value: (m) => (m.institutions ?? []).map((i) => i.name).join('; ') },
      ]} />
      {doc.observations && doc.observations.length > 0 ? (
        <Table caption="Reported as achieved" filename={`${doc.id}-preview-observations.csv`} rows={doc.observations} columns={[
          { header: 'Indicator', value: (o) => o.indicator },
          { header: 'Value', value: (o) => o.valueText },
        ]} />
      ) : null}
    </div>
  );
}
