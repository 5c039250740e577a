// The researcher's workbench: one page whose views each have their own URL.
import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { GoSuggest } from './components';
import { currentOnly } from './lib/current';
import { interceptLinks, setQuery, useLocation, type Location } from './lib/router';
import './style.css';
import { AgenciesView, AgencyView } from './views/agency';
import { DiffView } from './views/diff';
import { DocumentView } from './views/document';
import { DocumentsView } from './views/documents';
import { IndicatorsView, IndicatorView } from './views/indicator';
import { InstitutionsView, InstitutionView } from './views/institution';
import { LoadView } from './views/load';
import { NetworkView } from './views/network';
import { ScorecardView } from './views/scorecard';
import { SearchView } from './views/search';

const nav: [string, string][] = [
  ['/documents', 'Documents'],
  ['/agencies', 'Agencies'],
  ['/institutions', 'Institutions'],
  ['/indicators', 'Indicators'],
  ['/network', 'Network'],
  ['/diff', 'Draft → final'],
  ['/search', 'Search'],
  ['/scorecard', 'Scorecard'],
  ['/load', 'Load'],
];

function route(loc: Location) {
  const parts = loc.path.split('/').filter(Boolean).map(decodeURIComponent);
  const [view, id] = parts;
  switch (view) {
    case undefined:
    case 'documents':
      return id ? <DocumentView id={id} loc={loc} /> : <DocumentsView loc={loc} />;
    case 'agencies':
      return id ? <AgencyView id={id} loc={loc} /> : <AgenciesView loc={loc} />;
    case 'institutions':
      return id ? <InstitutionView id={id} loc={loc} /> : <InstitutionsView loc={loc} />;
    case 'indicators':
      return id ? <IndicatorView id={id} loc={loc} /> : <IndicatorsView loc={loc} />;
    case 'network':
      return <NetworkView loc={loc} />;
    case 'diff':
      return <DiffView loc={loc} />;
    case 'search':
      return <SearchView loc={loc} />;
    case 'scorecard':
      return <ScorecardView id={id} loc={loc} />;
    case 'load':
      return <LoadView />;
  }
  return (
    <section>
      <h1 tabIndex={-1}>Not found</h1>
      <p>
        No view at {loc.path}. <a href="/">Documents</a>
      </p>
    </section>
  );
}

function App() {
  const loc = useLocation();
  const main = useRef<HTMLElement>(null);
  const only = currentOnly(loc);
  const first = useRef(true);
  // A new view moves the focus to its heading, so keyboard and screen-reader users start there.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const h = main.current?.querySelector<HTMLElement>('h1');
    h?.focus({ preventScroll: false });
    if (!loc.hash) scrollTo(0, 0);
  }, [loc.path]);
  const section = '/' + (loc.path.split('/')[1] || 'documents');
  const keep = only ? '' : '?versions=all';
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={'/' + keep}>
          policykg
        </a>
        <nav aria-label="Views">
          {nav.map(([href, label]) => (
            <a href={href + keep} aria-current={section === href ? 'page' : undefined}>
              {label}
            </a>
          ))}
          <a href="/graphiql">GraphiQL</a>
        </nav>
        <div class="top-tools">
          <label class="toggle">
            <input type="checkbox" checked={only} onChange={(e) => setQuery({ versions: (e.target as HTMLInputElement).checked ? null : 'all' })} />
            current versions only
          </label>
          <GoSuggest id="find" kinds={['AGENCY', 'INSTITUTION', 'INDICATOR']} label="Find an agency, institution or indicator" hideLabel placeholder="Find: 市卫生健康委, 西苑医院, 签约率…" />
        </div>
      </header>
      <main id="main" ref={main}>
        {route(loc)}
      </main>
    </>
  );
}

const root = document.getElementById('app')!;
// The page's "Loading" placeholder goes; Preact would keep it beside what it renders.
root.textContent = '';
interceptLinks(root);
render(<App />, root);
