import type { Middleware } from 'openapi-fetch';
import { createKeyledgerClient, type KeyledgerClient } from '@keyledger/client';
import { ApiError, toApiError } from './problem';

/** The generated client (packages/client, from the OpenAPI document): the console's only way to the API. */
export type Api = KeyledgerClient;

export interface ApiOptions {
  /** The member's access token, held in memory only. */
  token?: string;
  /** Called when the service rejects the token (expired, or the member was removed). */
  onUnauthorized?: () => void;
}

export function createApi({ token, onUnauthorized }: ApiOptions = {}): Api {
  const client = createKeyledgerClient({ baseUrl: window.location.origin, token });
  const session: Middleware = {
    onResponse({ request, response }) {
      if (response.status === 401 && token) onUnauthorized?.();
      // Any change may rename or add what the lookups hold.
      if (request.method !== 'GET') caches.get(client)?.clear();
      return response;
    },
  };
  client.use(session);
  return client;
}

/**
 * Reference data (tool, agent and member names) shared by every page for a short while: the
 * API rate-limits a member's reads, and each page needs the same lists.
 */
type Cache = Map<string, { at: number; value: Promise<unknown> }>;
const caches = new WeakMap<Api, Cache>();

export function cached<T>(api: Api, key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  let cache = caches.get(api);
  if (!cache) {
    cache = new Map() as Cache;
    caches.set(api, cache);
  }
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < ttlMs) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key)); // a failure is not remembered
  return value;
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits a client call and returns its data, or throws an ApiError carrying the problem. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw toApiError(undefined);
  }
  if (answer.error !== undefined || !answer.response.ok) throw toApiError(answer.error, answer.response);
  return answer.data as T;
}

export { ApiError };
