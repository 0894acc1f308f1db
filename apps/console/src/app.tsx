import { useEffect } from 'react';
import { Link, match, navigate, useLocation } from './router';
import { homeFor, ROUTES } from './routes';
import { OrgSwitcher } from './session/org-switcher';
import { useSession, useSignedIn } from './session/session';
import { SignInPage } from './session/sign-in-page';
import { Badge } from './ui/badge';
import { Page } from './ui/page';

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
