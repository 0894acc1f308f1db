import { SubscriptionRunner } from '../../libs/event-store/src/subscription-runner';
import type { RunningApp } from '../support/app';
import { call, type Reply } from '../support/http';

/**
 * The audit trail is an async projection: wait until it holds every committed event. The
 * instance's own background loop runs the same projections, and whichever of the two loses a
 * batch's compare-and-set throws: that is the other one making progress, so go again.
 */
export async function caughtUp(api: RunningApp): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api.app.get(SubscriptionRunner).catchUp();
    } catch (error) {
      if (attempt > 50 || !/moved under us/.test((error as Error).message)) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export function auditClient(api: RunningApp, token: string) {
  return <T = any>(path: string, method = 'GET'): Promise<Reply<T>> =>
    call<T>(api.url, method, path, { token });
}

/** Every page of GET /api/audit/events for `query`, following next_cursor. */
export async function allEvents(api: RunningApp, token: string, query: string, limit = 1000) {
  const events: any[] = [];
  let cursor: string | null = null;
  do {
    const after: string = cursor ? `&after=${encodeURIComponent(cursor)}` : '';
    const res = await call(api.url, 'GET', `/api/audit/events?limit=${limit}&${query}${after}`, { token });
    if (res.status !== 200) throw new Error(`audit events: ${res.status} ${res.text}`);
    events.push(...res.body.events);
    cursor = res.body.next_cursor;
  } while (cursor);
  return events;
}
