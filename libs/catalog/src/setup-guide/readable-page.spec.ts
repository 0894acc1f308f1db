import { readablePage } from './readable-page';

const html = `<!doctype html><html><head><title>Authentication – Acme API Docs</title>
<meta property="og:site_name" content="Acme"><script>window.steal = document.cookie</script></head><body>
<nav><a href="/">Home</a> <a href="/pricing">Pricing</a></nav>
<main><article><h1>Authentication</h1>
<div class="intro"><p>The Acme API uses API keys to authenticate requests. Keys are managed in the dashboard, and every
request must carry one. Requests without a key fail with 401.</p></div>
<section><h2>Creating an API key</h2><ol><li>Open <b>Settings → API keys</b>.</li><li>Click <em>New key</em>.</li></ol>
<img src="https://tracker.example/pixel.gif" alt="">
<p>Send it as <code>Authorization: Bearer &lt;key&gt;</code> to <a href="https://api.acme.dev/v1">the API</a>.</p>
<pre><code>curl https://api.acme.dev/v1/widgets -H "Authorization: Bearer $KEY"</code></pre>
<h3>Scopes</h3><p>Pick <code>widgets:read</code> and <code>widgets:write</code>.</p></section>
<section><h2>Pagination</h2><p>Use cursors; pages hold up to 100 widgets, and the cursor of the last one fetches the next page.</p></section>
<script>alert(1)</script><style>p { color: red }</style>
</article></main><footer>© Acme</footer></body></html>`;

describe('readablePage', () => {
  const page = readablePage(html, 'text/html; charset=utf-8', 'https://docs.acme.dev/auth');

  it('keeps the main text as markdown, without scripts, styles, images or navigation', () => {
    expect(page.title).toBe('Authentication – Acme API Docs');
    expect(page.siteName).toBe('Acme');
    expect(page.markdown).toContain('1.  Open **Settings → API keys**.');
    expect(page.markdown).toContain('```\ncurl https://api.acme.dev/v1/widgets');
    for (const gone of ['alert(1)', 'steal', 'color: red', 'pixel.gif', 'Pricing', '© Acme']) {
      expect(page.markdown).not.toContain(gone);
    }
  });

  it('cuts the page at its headings, however deeply they are nested', () => {
    expect(page.sections.map((s) => [s.level, s.heading])).toEqual([
      [0, ''],
      [2, 'Creating an API key'],
      [3, 'Scopes'],
      [2, 'Pagination'],
    ]);
    expect(page.sections[2].markdown).toBe('Pick `widgets:read` and `widgets:write`.');
  });

  it('lists the URLs the page shows in code and links to', () => {
    expect(page.urls).toEqual(['https://api.acme.dev/v1/widgets', 'https://api.acme.dev/v1']);
  });

  it('takes markdown and plain text as they are', () => {
    const md = readablePage('# Auth\n\nUse a token.\n', 'text/markdown', 'https://docs.acme.dev/auth.md');
    expect(md).toMatchObject({ title: 'auth.md', markdown: '# Auth\n\nUse a token.' });
  });
});
