import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../apps/api/src/app.factory';
import { createLogger } from '../../libs/common/src/http/logger';
import { encodeCursor } from '../../libs/common/src/http/cursor';
import { loadConfig } from '../../libs/config/src/config';
import { hashPassword } from '../../libs/crypto/src/passwords';
import { filtersOf } from '../../libs/audit/src/list-events/audit-filters';
import type { AuditFiltersDto } from '../../libs/audit/src/list-events/list-events.dto';
import { listAuditEvents } from '../../libs/audit/src/list-events/list-events.query';
import type { Database } from '../../libs/database/src/database';
import { log, RssTrace, summarise, timed } from './measure';
import type { SeededOrg } from './seed';

const UNLIMITED = '1000000/1m';

/** The service, in this process, on the bench database; background jobs off for clean figures. */
export async function startApi(url: string): Promise<{ app: NestFastifyApplication; base: string }> {
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    KEYLEDGER_RATE_READ: UNLIMITED,
    KEYLEDGER_RATE_PREAUTH: UNLIMITED,
    KEYLEDGER_RATE_LOGIN: UNLIMITED,
  });
  const runtime = {
    databaseUrl: url,
    embedded: false,
    masterKeys: [randomBytes(32)],
    signingKeyPem: generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString(),
    jwtSecret: randomBytes(48).toString('base64url'),
    stop: () => Promise.resolve(),
  };
  const app = await createApp(config, runtime, createLogger('silent'), { background: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  return { app, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

/** Gives the seeded auditor a password and signs in. */
export async function auditorToken(db: Database, base: string, org: SeededOrg): Promise<string> {
  const auditor = org.members.find((m) => m.role === 'auditor')!;
  const password = 'bench-auditor-password';
  await db.query('INSERT INTO credentials (email, password_hash) VALUES ($1, $2)', [
    auditor.email,
    await hashPassword(password),
  ]);
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

/** One full export over HTTP, read as it streams; RSS traced, and noted at every 10%. */
export async function httpExport(base: string, token: string, format: 'ndjson' | 'csv', expected: number) {
  (globalThis as { gc?: () => void }).gc?.();
  const trace = new RssTrace();
  const marks: number[] = [];
  let lines = 0;
  let bytes = 0;
  const { seconds } = await timed(async () => {
    const res = await fetch(`${base}/api/audit/export?format=${format}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200 || !res.body) throw new Error(`export: ${res.status}`);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      if (lines >= ((marks.length + 1) * expected) / 10) marks.push(trace.peak);
    }
  });
  const events = format === 'csv' ? lines - 1 : lines;
  return {
    format,
    events,
    mb: Math.round(bytes / 2 ** 20),
    seconds,
    rate: Math.round(events / seconds),
    rss: trace.stop(),
    rssAtEach10pct: marks,
  };
}
