// Builds the workbench into ../api/ui/dist, which the Go binary embeds. The same sources and
// lockfile give the same bytes: esbuild is deterministic, names carry content hashes, and
// the folder is emptied first so nothing stale stays.
import * as esbuild from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const out = path.resolve(import.meta.dirname, '../api/ui/dist');
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: import.meta.dirname,
  entryPoints: { app: 'src/main.tsx' },
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: ['chrome100', 'firefox100', 'safari15'],
  outdir: out,
  publicPath: '/ui/',
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  charset: 'utf8',
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});

// The page loads the entry's script and style; the chunks it imports at once are preloaded.
const outputs = result.metafile.outputs;
const entry = Object.keys(outputs).find((f) => outputs[f].entryPoint === 'src/main.tsx');
const name = (f) => '/ui/' + path.basename(f);
const css = outputs[entry].cssBundle;
const preload = outputs[entry].imports
  .filter((i) => i.kind === 'import-statement')
  .map((i) => `<link rel="modulepreload" href="/ui/${path.basename(i.path)}">`)
  .join('\n');
const page = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>policykg workbench</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${name(css)}">
${preload}${preload ? '\n' : ''}<script type="module" src="${name(entry)}"></script>
</head>
<body>
<div id="app"><p class="loading">Loading the workbench…</p></div>
<noscript>The workbench needs JavaScript. The GraphQL API is at /graphql, GraphiQL at /graphiql.</noscript>
</body>
</html>
`;
await writeFile(path.join(out, 'index.html'), page);
