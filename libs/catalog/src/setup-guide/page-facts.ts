import type { AuthType } from '../catalog.events';
import type { PageSection, ReadablePage } from './readable-page';

/**
 * What can be read off a docs page without a model: the sections about credentials, a guess
 * at the auth type and the API's base URL. Used for the extracted guide, and as the draft's
 * fallback name and auth type when a model proposes none that is valid.
 */
const ABOUT_CREDENTIALS =
  /\b(auth\w*|api[\s_-]?keys?|access[\s_-]?keys?|secret[\s_-]?keys?|tokens?|scopes?|oauth\s?\d*|credentials?|permissions?|bearer)\b/i;
const ABOUT_SCOPES = /\b(scopes?|permissions?)\b/i;
const SCOPE_NAME = /^[A-Za-z][\w.:/-]{1,63}$/;

/** Sections whose heading is about credentials, with their subsections. */
export function credentialSections(sections: PageSection[]): PageSection[] {
  const picked: PageSection[] = [];
  let within: number | null = null;
  for (const section of sections) {
    if (within !== null && section.level > within) {
      picked.push(section);
      continue;
    }
    within = null;
    if (
      section.level === 0 ? ABOUT_CREDENTIALS.test(section.markdown) : ABOUT_CREDENTIALS.test(section.heading)
    ) {
      picked.push(section);
      if (section.level > 0) within = section.level;
    }
  }
  return picked;
}

export function guessAuthType(text: string): AuthType {
  if (/\bbearer\b/i.test(text)) return 'bearer_token';
  if (/\bx-api-key\b|\bapi[\s_-]?key\b/i.test(text)) return 'api_key';
  if (/\bbasic\s+auth/i.test(text)) return 'basic_auth';
  if (/\boauth\b/i.test(text)) return 'oauth_token';
  return 'custom';
}

/** The first URL that looks like the API rather than its docs: api.* hosts, /api or /v1 paths. */
export function apiBaseUrl(urls: string[], docsUrl: string): string | undefined {
  const docsHost = new URL(docsUrl).host;
  for (const raw of urls) {
    const url = new URL(raw);
    const first = url.pathname.split('/')[1] ?? '';
    const versioned = /^(api|v\d+)$/i.test(first);
    if (url.hostname.startsWith('api.')) return `${url.origin}${/^v\d+$/i.test(first) ? `/${first}` : ''}`;
    if (versioned && url.host !== docsHost) return `${url.origin}/${first}`;
  }
  return undefined;
}

export function productName(page: ReadablePage, hint: string | null): string {
  if (hint?.trim()) return hint.trim();
  if (page.siteName) return page.siteName;
  const parts = page.title.split(/\s[|–—·-]\s/).map((p) => p.trim());
  return parts[parts.length - 1] || page.title;
}

/** `code` spans in the scope sections that look like scope names (repo, read:org, chat:write). */
export function scopesIn(sections: PageSection[]): string[] {
  const scopes: string[] = [];
  for (const section of sections.filter((s) => ABOUT_SCOPES.test(s.heading))) {
    for (const [, span] of section.markdown.matchAll(/`([^`\n]+)`/g)) {
      if (SCOPE_NAME.test(span) && !scopes.includes(span)) scopes.push(span);
    }
  }
  return scopes.slice(0, 30);
}

const SEND_AS: Record<AuthType, string> = {
  bearer_token: 'Send it in the `Authorization: Bearer <credential>` header.',
  oauth_token: 'Send it in the `Authorization: Bearer <credential>` header.',
  api_key: 'Send it as the API key header or parameter the docs name.',
  basic_auth: 'Send it as HTTP Basic authentication.',
  header: 'Send it in the header the docs name.',
  custom: 'Send it as the docs describe.',
};

export function agentInstructions(authType: AuthType, baseUrl: string | undefined, docsUrl: string): string {
  return [
    `Keyledger gives you the credential. ${SEND_AS[authType]}`,
    ...(baseUrl ? [`Base URL: ${baseUrl}`] : []),
    `Docs: ${docsUrl}`,
  ].join('\n\n');
}
