import type { Database } from '../../database/src/database';
import { canonicalParts, chainHash, GENESIS_HASH, SEALABLE_COLUMNS } from './canonical';
import type { StoredCheckpoint } from './checkpoint-signer';
import type { CheckpointTrust, SignedCheckpoint } from './checkpoint-trust';
import type { LogMac } from './log-mac';
import { legacyLog, type StoredRow, utcMicros } from './sealer';
import {
  CheckpointCursor,
  checkNothingBehind,
  checkResumePoint,
  checkUnsealed,
  locateAuditorCheckpoint,
} from './verify-checks';
import { fail, type Failure, VerifyStop } from './verify-failure';

/** How many of one org's events the chain covers, and the last one's position. */
export interface OrgTally {
  events: number;
  last_position: string | null;
}

/** Where a walk stands: after the seal `seq`, whose hash is `hash`. An incremental run resumes here. */
export interface ChainState {
  seq: string;
  hash: string;
  position: string;
  transaction_id: string;
  events: number;
  orgs: Record<string, OrgTally>;
}

export const GENESIS_STATE: ChainState = {
  seq: '0',
  hash: GENESIS_HASH.toString('hex'),
  position: '0',
  transaction_id: '0',
  events: 0,
  orgs: {},
};

export interface ChainVerdict {
  ok: boolean;
  failure: Failure | null;
  /** The seal the walk started after ('0': genesis). */
  from_seq: string;
  /** Through the last seal that checked out. */
  state: ChainState;
  /** The newest checkpoint signed by a trusted key that the log extends. */
  checkpoint: StoredCheckpoint | null;
  /** Committed events not sealed yet, each checked against its MAC. */
  unsealed_events: number;
}

export interface VerifyChainOptions {
  mac: LogMac;
  trust: CheckpointTrust;
  /** Resume from a state an earlier walk verified (incremental); genesis when absent. */
  from?: ChainState;
  /** A checkpoint the auditor kept, and the public key they hold for it (else a trusted one). */
  auditorCheckpoint?: { checkpoint: SignedCheckpoint; publicKey?: string };
  /** Seals older than this (by their MACed time) must be covered by a trusted checkpoint. */
  graceMs: number;
  now?: Date;
  batchSize?: number;
  /** The newest head this process signed: the log may not end before it. */
  signedThrough?: { seq: bigint; position: string } | null;
  /** Called after every batch: a heartbeat, and a place to stop by throwing. */
  onBatch?: (state: ChainState) => Promise<void>;
}

interface SealRow extends Partial<StoredRow> {
  seq: string;
  seal_position: string;
  seal_transaction_id: string;
  prev_hash: Buffer;
  hash: Buffer;
  seal_mac: Buffer | null;
  sealed_at: string;
  event_position: string | null;
}

/**
 * Walks the hash chain from genesis (or from where an earlier walk left it), recomputing every
 * event's hash from its stored row, and names the first position that does not match. Keys
 * decide the rest (docs/adr/0014): every stored checkpoint must be signed by a key this
 * service trusts and match the chain where it stands; seals no trusted checkpoint covers must
 * carry the sealer's MAC and be younger than the grace; events not sealed yet must carry the
 * service's MAC. Memory stays flat: a page of seals and one of checkpoints at a time.
 */
export async function verifyChain(db: Database, options: VerifyChainOptions): Promise<ChainVerdict> {
  const batchSize = options.batchSize ?? 1000;
  const now = (options.now ?? new Date()).getTime();
  const from = options.from ?? GENESIS_STATE;
  const state: ChainState = { ...from, orgs: { ...from.orgs } };
  const legacy = await legacyLog(db);
  let newest: StoredCheckpoint | null = null;
  let unsealed = 0;
  try {
    await checkResumePoint(db, from);
    const auditor = await locateAuditorCheckpoint(db, options, from);
    const [covered] = await db.query<{ seq: string | null }>(
      'SELECT max(seq)::text AS seq FROM signed_checkpoints WHERE public_key = ANY($1::text[]) AND seq > $2',
      [options.trust.publicKeys, from.seq],
    );
    const coveredThrough = BigInt(covered.seq ?? from.seq);
    const checkpoints = new CheckpointCursor(db, from.seq);
    let prev: Buffer = Buffer.from(from.hash, 'hex');
    for (;;) {
      const rows = await db.query<SealRow>(
        `SELECT s.seq::text AS seq, s.position::text AS seal_position, s.transaction_id::text AS seal_transaction_id,
                s.prev_hash, s.hash, s.mac AS seal_mac, ${utcMicros('s.sealed_at')} AS sealed_at,
                e.position::text AS event_position, e.mac,
                ${SEALABLE_COLUMNS.replace(/e\.position::text AS position,/, '')}
         FROM event_seals s LEFT JOIN events e ON e.position = s.position
         WHERE s.seq > $1 ORDER BY s.seq LIMIT $2`,
        [state.seq, batchSize],
      );
      for (const row of rows) {
        const seq = BigInt(row.seq);
        if (seq !== BigInt(state.seq) + 1n)
          fail(row.seal_position, `seal ${BigInt(state.seq) + 1n} is missing: the chain was cut`);
        if (!row.prev_hash.equals(prev)) fail(row.seal_position, 'seal does not link to its predecessor');
        if (row.event_position === null) fail(row.seal_position, 'sealed event is missing from the log');
        const event = { ...row, position: row.seal_position } as StoredRow;
        if (!chainHash(prev, event, canonicalParts(event)).equals(row.hash)) {
          fail(row.seal_position, 'event content does not match its seal', event.org_id);
        }
        if (seq > coveredThrough && seq > legacy.sealSeq) {
          const seal = { ...row, position: row.seal_position, transaction_id: row.seal_transaction_id };
          const check = options.mac.sealMacCheck(seal, row.seal_mac);
          if (check !== 'valid') {
            fail(
              row.seal_position,
              check === 'unknown-key'
                ? 'seal carries a MAC under a key this service does not hold'
                : 'seal was not written by this service (its MAC does not match)',
            );
          }
          if (Date.parse(row.sealed_at) < now - options.graceMs) {
            fail(
              row.seal_position,
              `sealed at ${row.sealed_at} and no checkpoint signed by this service covers it: ` +
                'checkpoints were removed, or no instance has been signing them',
            );
          }
        }
        for (let c = await checkpoints.peek(); c && c.chainSeq === row.seq; c = await checkpoints.peek()) {
          checkStoredCheckpoint(options.trust, c, row);
          newest = c;
          checkpoints.take();
        }
        if (auditor && auditor.seq === row.seq && auditor.checkpoint.head_hash !== row.hash.toString('hex')) {
          fail(
            auditor.checkpoint.position,
            'the log does not extend your checkpoint: events up to it were changed',
          );
        }
        prev = row.hash;
        tally(state, row, event.org_id);
      }
      if (options.onBatch) await options.onBatch(state);
      if (rows.length < batchSize) break;
    }
    const beyond = await checkpoints.peek();
    if (beyond) {
      fail(
        beyond.position,
        options.trust.valid(beyond)
          ? `the log ends before the checkpoint signed at ${beyond.signed_at}: events after position ${state.position} were removed`
          : `checkpoint ${beyond.id} is not signed by a key this service trusts`,
      );
    }
    const mine = options.signedThrough;
    if (mine && mine.seq > BigInt(state.seq)) {
      fail(
        mine.position,
        `the log ends before a checkpoint this service signed: events after position ${state.position} were removed`,
      );
    }
    if (auditor && BigInt(auditor.seq) > BigInt(state.seq)) {
      fail(
        auditor.checkpoint.position,
        `the log ends before your checkpoint: events after position ${state.position} were removed`,
      );
    }
    await checkNothingBehind(db, from, state);
    unsealed = await checkUnsealed(db, options, legacy, state);
    return {
      ok: true,
      failure: null,
      from_seq: from.seq,
      state,
      checkpoint: newest,
      unsealed_events: unsealed,
    };
  } catch (error) {
    if (!(error instanceof VerifyStop)) throw error;
    return {
      ok: false,
      failure: error.failure,
      from_seq: from.seq,
      state,
      checkpoint: newest,
      unsealed_events: unsealed,
    };
  }
}

function tally(state: ChainState, row: SealRow, orgId: string | null): void {
  state.seq = row.seq;
  state.hash = row.hash.toString('hex');
  state.position = row.seal_position;
  state.transaction_id = row.seal_transaction_id;
  state.events += 1;
  if (orgId !== null) {
    const org = (state.orgs[orgId] ??= { events: 0, last_position: null });
    org.events += 1;
    org.last_position = row.seal_position;
  }
}

function checkStoredCheckpoint(trust: CheckpointTrust, c: StoredCheckpoint, at: SealRow): void {
  if (!trust.valid(c)) fail(c.position, `checkpoint ${c.id} is not signed by a key this service trusts`);
  if (c.position !== at.seal_position || c.head_hash !== at.hash.toString('hex')) {
    fail(
      c.position,
      `the log does not extend the checkpoint signed at ${c.signed_at}: events up to it were changed`,
    );
  }
}

/**
 * How long a sealed event may wait for a checkpoint: two signing intervals and five seconds.
 * Every instance signs each interval when the head moved, and at start.
 */
export const checkpointGraceMs = (intervalSeconds: number) => (2 * intervalSeconds + 5) * 1000;
