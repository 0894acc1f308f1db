import { useEffect } from 'react';
import { unwrap } from './api/client';
import { useResource } from './api/use-resource';
import { Link, match, navigate, useLocation } from './router';
import { homeFor, ROUTES } from './routes';
import { OrgSwitcher } from './session/org-switcher';
import { useSession, useSignedIn } from './session/session';
import { SignInPage } from './session/sign-in-page';
import { Badge } from './ui/badge';
import { Page, setTitleCount } from './ui/page';

/** Requests waiting for a decision, for the navigation badge and the tab title. */
function usePendingCount(): number | undefined {
  const pending = useResource(
    async (api) =>
      (await unwrap(api.GET('/api/admin/requests', { params: { query: { status: 'pending', limit: 200 } } })))
        .requests.length,
    [],
    { pollMs: 15_000 },
  );
  useEffect(() => setTitleCount(pending.data ?? 0), [pending.data]);
  return pending.data;
}

export function App() {
  const { session } = useSession();
  return session ? <Shell /> : <SignInPage />;
}

function Shell() {
  const { session, ability, signOut } = useSignedIn();
  const { path } = useLocation();
  const home = homeFor(session.role);
  useEffect(() => {
    if (path === '/' || path === '') navigate(home, { replace: true });
  }, [path, home]);

  const found = ROUTES.map((r) => ({ route: r, params: match(r.pattern, path) })).find((m) => m.params);
  const nav = ROUTES.filter((r) => r.nav && (!r.allowed || r.allowed(ability)));
  const pending = usePendingCount();
  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to={home} className="brand">
          Keyledger
        </Link>
        <OrgSwitcher />
        <div className="who">
          <span className="who-email">{session.email}</span>
          <Badge value={session.role} />
          <button type="button" className="button small" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul>
          {nav.map((r) => (
            <li key={r.pattern}>
              <Link to={r.pattern} aria-current={path.startsWith(r.pattern) ? 'page' : undefined}>
                {r.nav}
                {r.pattern === '/requests' && !!pending && (
                  <span className="nav-count">
                    {pending}
                    <span className="visually-hidden"> pending</span>
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {!found ? (
          path === '/' ? null : (
            <Page title="Not found">
              <p>
                There is no page at <code>{path}</code>. <Link to={home}>Go to your home page</Link>.
              </p>
            </Page>
          )
        ) : found.route.allowed && !found.route.allowed(ability) ? (
          <Page title="Not permitted">
            <p>Your role ({session.role}) does not give access to this page.</p>
          </Page>
        ) : (
          found.route.render(found.params ?? {})
        )}
      </main>
    </div>
  );
}
