/** A tiny JSON client for end-to-end tests: real HTTP against a running instance. */
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON (markdown, CSV): keep the text */
  }
  return { status: res.status, headers: res.headers, body, text };
}

export const OWNER = { email: 'owner@example.com', password: 'owner-password-123' };

export async function loginAs(base: string, email = OWNER.email, password = OWNER.password, org?: string) {
  const res = await call(base, 'POST', '/api/auth/login', { body: { email, password, org } });
  if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${res.text}`);
  return res.body as { access_token: string; org_id: string; role: string; member_id: string };
}
