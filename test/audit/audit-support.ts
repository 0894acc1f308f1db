import { Writable } from 'node:stream';
import { auditVerify } from '../../apps/cli/src/commands/audit.command';
import type { CliContext } from '../../apps/cli/src/context';
import { EventStore } from '../../libs/event-store/src/event-store';
import { LogMac } from '../../libs/event-store/src/log-mac';
import { ProjectionRegistry } from '../../libs/event-store/src/projection';
import { SubscriptionRunner } from '../../libs/event-store/src/subscription-runner';
import type { RunningApp, TestEnv } from '../support/app';
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

/** Runs `keyledger audit verify` against the test database; answers its exit code and output. */
export async function cliVerify(env: TestEnv, api: RunningApp, options: Record<string, string | boolean>) {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _e, done) {
      text += chunk.toString();
      done();
    },
  });
  const db = await env.db.connect({ poolSize: 2 });
  const mac = new LogMac(env.runtime.masterKeys);
  const context: CliContext = {
    config: api.config,
    runtime: env.runtime,
    db,
    mac,
    store: new EventStore(db, mac),
    registry: new ProjectionRegistry(),
    out,
    err: out,
    close: () => db.close(),
  };
  try {
    const code = await auditVerify(context, options);
    return { code, result: JSON.parse(text) };
  } finally {
    await context.close();
  }
}

/** Polls a verification run until it is no longer running; answers it. */
export async function finished(api: RunningApp, token: string, location: string) {
  for (let i = 0; i < 600; i++) {
    const res = await call(api.url, 'GET', location, { token });
    if (res.status !== 200) throw new Error(`verification: ${res.status} ${res.text}`);
    if (res.body.verification.status !== 'running') return res.body.verification;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`verification ${location} did not finish`);
}
