import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };

/** Every schema of the API by name, e.g. `Schemas['AgentToolDto']`. */
export type Schemas = components['schemas'];
/** The RFC 9457 body of every error answer. */
export type Problem = Schemas['ProblemDto'];

export interface KeyledgerClientOptions {
  /** Where Keyledger listens, e.g. `http://localhost:3000`; the paths carry the `/api` prefix. */
  baseUrl: string;
  /** An agent's API key (`klk_…`), for the agent API. */
  apiKey?: string;
  /** A member's access token (from `POST /api/auth/login`), for the admin and audit APIs. */
  token?: string;
  /** Sent as User-Agent, which the audit log records with every event. */
  userAgent?: string;
  fetch?: (input: Request) => Promise<Response>;
}

export type KeyledgerClient = Client<paths>;

/**
 * A typed client for the Keyledger API: `client.GET('/api/tools')` answers `{ data, error, response }`
 * where `data` is typed by the document and `error` is a {@link Problem}.
 */
export function createKeyledgerClient(options: KeyledgerClientOptions): KeyledgerClient {
  if (options.apiKey && options.token) {
    throw new Error('createKeyledgerClient: pass apiKey (an agent) or token (a member), not both');
  }
  const bearer = options.apiKey ?? options.token;
  const headers: Record<string, string> = {};
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (options.userAgent) headers['user-agent'] = options.userAgent;
  return createClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ''), headers, fetch: options.fetch });
}

/** A refused call: the problem the service answered (or none, for a non-problem failure). */
export class KeyledgerError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem ? `${status} ${problem.type}: ${problem.detail}` : `HTTP ${status}`);
    this.name = 'KeyledgerError';
  }
}

/** The data of a successful call, or a thrown {@link KeyledgerError} carrying the problem. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: Problem; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok && data !== undefined) return data;
  throw new KeyledgerError(response.status, error);
}
