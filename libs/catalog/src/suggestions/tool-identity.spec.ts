import {
  domainLabel,
  identityOf,
  lockKeys,
  normaliseDomain,
  normaliseName,
  normalizedKey,
  sameTool,
} from './tool-identity';

describe('tool identity (the suggestion normaliser)', () => {
  it('normalises names: case, surrounding space, inner spaces and punctuation collapse', () => {
    expect(normaliseName('  Linear ')).toBe('linear');
    expect(normaliseName('Google  Drive')).toBe('googledrive');
    expect(normaliseName('google-drive!')).toBe('googledrive');
    expect(normaliseName('Ｌｉｎｅａｒ')).toBe('linear');
    expect(normaliseName('Café Bot')).toBe('cafébot');
    expect(normaliseName('---')).toBe('');
  });

  it.each([
    ['https://www.linear.app/', 'linear.app'],
    ['HTTP://Linear.App/path/to?q=1#x', 'linear.app'],
    ['linear.app', 'linear.app'],
    ['www.linear.app/', 'linear.app'],
    ['https://linear.app:8443/graphql', 'linear.app'],
    ['https://api.github.com.', 'api.github.com'],
  ])('normalises the domain of %s', (raw, domain) => {
    expect(normaliseDomain(raw)).toBe(domain);
  });

  it('finds no domain in names, other schemes or nonsense', () => {
    expect(normaliseDomain('Linear')).toBeNull();
    expect(normaliseDomain('ftp://linear.app')).toBeNull();
    expect(normaliseDomain('')).toBeNull();
    expect(normaliseDomain('http://')).toBeNull();
  });

  it('derives the label people call a domain by', () => {
    expect(domainLabel('linear.app')).toBe('linear');
    expect(domainLabel('api.linear.app')).toBe('linear');
    expect(domainLabel('bbc.co.uk')).toBe('bbc');
  });

  it('makes the three ways to name Linear one tool', () => {
    const byName = identityOf({ name: 'Linear' });
    const byDomain = identityOf({ name: 'linear.app' });
    const byUrl = identityOf({ name: 'Linear', url: 'https://www.linear.app/' });
    expect(byName).toEqual({ domain: null, name: 'linear' });
    expect(byDomain).toEqual({ domain: 'linear.app', name: 'linear' });
    expect(byUrl).toEqual({ domain: 'linear.app', name: 'linear' });
    expect(sameTool(byName, byDomain)).toBe(true);
    expect(sameTool(byName, byUrl)).toBe(true);
    expect(sameTool(byDomain, byUrl)).toBe(true);
    expect(normalizedKey(byUrl)).toBe('linear.app');
    expect(normalizedKey(byName)).toBe('linear');
  });

  it('tells different tools apart', () => {
    expect(sameTool(identityOf({ name: 'Linear' }), identityOf({ name: 'Notion' }))).toBe(false);
    expect(
      sameTool(
        identityOf({ name: 'Docs', url: 'https://docs.acme.dev' }),
        identityOf({ name: 'Wiki', url: 'https://wiki.acme.dev' }),
      ),
    ).toBe(false);
  });

  it('shares a lock key between any two identities that could match', () => {
    const a = lockKeys(identityOf({ name: 'Linear' }));
    const b = lockKeys(identityOf({ name: 'Issue tracker', url: 'linear.app' }));
    const c = lockKeys(identityOf({ name: 'linear.app' }));
    expect(a.some((k) => c.includes(k))).toBe(true);
    expect(b.some((k) => c.includes(k))).toBe(true);
    expect(a).toEqual(['n:linear']);
    expect(c).toEqual(['d:linear.app', 'n:linear']);
  });
});
