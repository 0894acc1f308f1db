/**
 * What makes two ways of naming a tool the same tool: its normalised domain when one is known,
 * else its normalised name ("Linear", "linear.app" and "https://www.linear.app/" are one).
 */
export interface ToolIdentity {
  /** Lowercase host without scheme, `www.`, port, path, query or trailing dot. */
  domain: string | null;
  /** Lowercase letters and digits only: spaces and punctuation collapse away. */
  name: string;
}

// Second-level labels under which the registrable name sits one label further left.
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'ac', 'edu']);
const DOMAIN_LIKE = /^(?:https?:\/\/)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,63}\.?(?::\d+)?(?:[/?#].*)?$/i;

export function normaliseName(raw: string): string {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The host of a URL or bare domain, normalised; null when it is not one. */
export function normaliseDomain(raw: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
  return host.includes('.') ? host : null;
}

/** "api.linear.app" → "linear": the label a person would call the tool by. */
export function domainLabel(domain: string): string {
  const labels = domain.split('.');
  labels.pop();
  if (labels.length >= 2 && SECOND_LEVEL.has(labels[labels.length - 1])) labels.pop();
  return normaliseName(labels[labels.length - 1] ?? domain);
}

export function looksLikeDomain(name: string): boolean {
  return !/\s/.test(name.trim()) && DOMAIN_LIKE.test(name.trim());
}

export function identityOf(input: { name: string; url?: string | null }): ToolIdentity {
  const nameIsDomain = looksLikeDomain(input.name);
  const fromUrl = input.url ? normaliseDomain(input.url) : null;
  const domain = fromUrl ?? (nameIsDomain ? normaliseDomain(input.name) : null);
  const name = nameIsDomain
    ? domainLabel(normaliseDomain(input.name) ?? input.name)
    : normaliseName(input.name);
  return { domain, name };
}

/** Same domain, or same name: the domain is tried first when choosing among candidates. */
export function sameTool(a: ToolIdentity, b: ToolIdentity): boolean {
  return (a.domain !== null && a.domain === b.domain) || (a.name !== '' && a.name === b.name);
}

/** The key shown to admins and held unique among open suggestions. */
export function normalizedKey(identity: ToolIdentity): string {
  return identity.domain ?? identity.name;
}

/**
 * Lock keys: any two identities that sameTool() could match share one, so taking them all
 * (sorted, to avoid deadlocks) serialises exactly the suggestions that could collide.
 */
export function lockKeys(identity: ToolIdentity): string[] {
  const keys = [`n:${identity.name}`];
  if (identity.domain) keys.push(`d:${identity.domain}`);
  return keys.sort();
}
