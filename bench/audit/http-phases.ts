import { spawn } from 'node:child_process';
import { encodeCursor } from '../../libs/common/src/http/cursor';
import { hashPassword } from '../../libs/crypto/src/passwords';
import { filtersOf } from '../../libs/audit/src/list-events/audit-filters';
import type { AuditFiltersDto } from '../../libs/audit/src/list-events/list-events.dto';
import { listAuditEvents } from '../../libs/audit/src/list-events/list-events.query';
import type { Database } from '../../libs/database/src/database';
import { log, RssTrace, summarise, timed } from './measure';
import type { SeededOrg } from './seed';
import type { RunningService } from '../lib/service';

export type { RunningService as Service } from '../lib/service';

/** Gives the seeded auditor a password (once) and signs in. */
export async function auditorToken(db: Database, base: string, org: SeededOrg): Promise<string> {
  const auditor = org.members.find((m) => m.role === 'auditor')!;
  const password = 'bench-auditor-password';
  await db.query(
    'INSERT INTO credentials (email, password_hash) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING',
    [auditor.email, await hashPassword(password)],
  );
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: auditor.email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * Filtered pages of 100, each class sampled `runs` times at random depths of the log (a
 * cursor anywhere in it) and random instants: what an auditor clicking through the console,
 * or a SIEM paging, asks for.
 */
export async function queryPages(db: Database, base: string, token: string, org: SeededOrg, runs = 100) {
  const [{ last, first, lastAt }] = await db.query<{ last: string; first: Date; lastAt: Date }>(
    `SELECT max(seq)::text AS last, min(occurred_at) AS first, max(occurred_at) AS "lastAt" FROM audit_events`,
  );
  let n = 0;
  const rand = () => (n = (n * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const cursor = () => encodeCursor({ seq: String(Math.floor(rand() * Number(last))) });
  const instant = () => new Date(first.getTime() + rand() * (lastAt.getTime() - first.getTime()));
  const grant = () => pick(org.grants);
  const classes: Record<string, () => string> = {
    'no filter, from a random cursor': () => `after=${cursor()}`,
    'type=GrantRevoked (rare)': () => 'type=GrantRevoked',
    'type=CredentialDenied, random cursor': () => `type=CredentialDenied&after=${cursor()}`,
    'type=AccessApproved,GrantRevoked,AgentSuspended': () =>
      'type=AccessApproved,GrantRevoked,AgentSuspended',
    'agent_id, random cursor': () => `agent_id=${pick(org.agents).id}&after=${cursor()}`,
    'tool_id, random cursor': () => `tool_id=${pick(org.tools)}&after=${cursor()}`,
    'actor_type=member': () => `actor_type=member&after=${cursor()}`,
    'actor_id (an approver)': () => `actor_id=${org.members.find((m) => m.role === 'approver')!.id}`,
    'stream_id (a grant)': () => `stream_id=access-${grant().id}`,
    'from..to (a 10-minute window)': () => {
      const from = instant();
      return `from=${from.toISOString()}&to=${new Date(from.getTime() + 600_000).toISOString()}`;
    },
    'from only (a random instant)': () => `from=${instant().toISOString()}`,
    'agent_id + type + from': () =>
      `agent_id=${pick(org.agents).id}&type=CredentialVended&from=${instant().toISOString()}`,
  };
  const results: Record<string, { http: ReturnType<typeof summarise>; query: ReturnType<typeof summarise> }> =
    {};
  const all = { http: [] as number[], query: [] as number[] };
  for (const [name, query] of Object.entries(classes)) {
    const http: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < runs + 5; i++) {
      const q = query();
      let started = process.hrtime.bigint();
      const res = await fetch(`${base}/api/audit/events?limit=100&${q}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { events?: unknown[] };
      if (res.status !== 200 || !body.events)
        throw new Error(`${name}: ${res.status} ${JSON.stringify(body)}`);
      if (i >= 5) http.push(Number(process.hrtime.bigint() - started) / 1e6); // 5 warm-ups
      // The same page through the query function: the database's share of the request.
      const params = Object.fromEntries(new URLSearchParams(q)) as AuditFiltersDto & { after?: string };
      started = process.hrtime.bigint();
      await listAuditEvents(db, org.id, filtersOf(params), { after: params.after, limit: 100 });
      if (i >= 5) direct.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    results[name] = { http: summarise(http), query: summarise(direct) };
    all.http.push(...http);
    all.query.push(...direct);
    log(`  ${name}: p95 ${results[name].http.p95} ms over HTTP, ${results[name].query.p95} ms in the query`);
  }
  return { classes: results, overall: { http: summarise(all.http), query: summarise(all.query) } };
}

/**
 * One full export over HTTP, downloaded by curl in its own process and counted by wc, while
 * the service's RSS is traced (`rss.atEachTenth`: a trend would show a leak, a flat band not).
 */
export async function httpExport(service: RunningService, token: string, format: 'ndjson' | 'csv') {
  const trace = new RssTrace(service.pid);
  const { value: counted, seconds } = await timed(
    () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(
          'sh',
          ['-c', 'curl -sS --fail -H "authorization: Bearer $TOKEN" "$URL" | wc -lc'],
          {
            env: {
              PATH: process.env.PATH,
              TOKEN: token,
              URL: `${service.url}/api/audit/export?format=${format}`,
            },
          },
        );
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (out += c.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`curl: ${out}`))));
      }),
  );
  const [lines, bytes] = counted.trim().split(/\s+/).map(Number);
  const events = format === 'csv' ? lines - 1 : lines;
  return {
    format,
    events,
    mb: Math.round(bytes / 2 ** 20),
    seconds,
    rate: Math.round(events / seconds),
    rss: trace.stop(),
  };
}

/**
 * A full verification as an auditor asks for it: POST /api/audit/verifications {full: true},
 * then its status polled until done; the RSS trace covers the whole run (docs/adr/0015).
 */
export async function httpVerify(service: RunningService, token: string) {
  const trace = new RssTrace(service.pid);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const { value: run, seconds } = await timed(async () => {
    const started = await fetch(`${service.url}/api/audit/verifications`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ full: true }),
    });
    if (started.status !== 202) throw new Error(`verify: ${started.status} ${await started.text()}`);
    const location = started.headers.get('location')!;
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const res = await fetch(`${service.url}${location}`, { headers });
      const { verification } = (await res.json()) as {
        verification: {
          status: string;
          error: string | null;
          result: { ok: boolean; sealed_events: number };
        };
      };
      if (verification.status !== 'running') return verification;
    }
  });
  if (!run.result?.ok) throw new Error(`verify failed on an untouched log: ${JSON.stringify(run)}`);
  // The auditor's org's events: the main org holds all but about 5% of the log.
  const events = run.result.sealed_events;
  return { ok: true, events, seconds, rate: Math.round(events / seconds), rss: trace.stop() };
}
