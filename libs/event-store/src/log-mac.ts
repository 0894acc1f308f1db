import { createHmac, createSecretKey, hkdfSync, type KeyObject, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import { canonical, type CanonicalParts } from './canonical';

/** What the service states when it appends an event: every column it chooses itself. */
export interface EventMacInput {
  event_id: string;
  stream_id: string;
  org_id: string | null;
  type: string;
  event_version: number;
  data: unknown;
  metadata: unknown;
}

/** A seal as the sealer wrote it, `sealed_at` to the microsecond as PostgreSQL prints it. */
export interface SealMacInput {
  seq: string;
  position: string;
  transaction_id: string;
  prev_hash: Buffer;
  hash: Buffer;
  sealed_at: string;
}

/**
 * Members of `data` that the database fills in inside the append statement itself, so the
 * service cannot know them when it computes the MAC: the secret version a credential fetch
 * read under its locks (keyledger_vend). The hash chain binds them once the event is sealed.
 */
const FILLED_BY_THE_DATABASE: Record<string, readonly string[]> = {
  CredentialVended: ['secret_version'],
};

/** The members of `type`'s data that the database fills in (a guarded record's secret version). */
export function filledByTheDatabase(type: string): readonly string[] {
  return FILLED_BY_THE_DATABASE[type] ?? [];
}

const INFO = {
  event: 'keyledger event mac v1',
  seal: 'keyledger seal mac v1',
  state: 'keyledger verification state mac v1',
} as const;

type Purpose = keyof typeof INFO;

/** A stored MAC: the id of the key that made it (4 bytes), then the HMAC-SHA256 (32 bytes). */
export const MAC_BYTES = 36;

/**
 * `unknown-key`: made under a key this instance does not hold, which happens while instances
 * roll onto a new master key (another instance has it) or after an old one was dropped.
 */
export type MacCheck = 'valid' | 'invalid' | 'unknown-key';

interface Key {
  id: Buffer;
  key: KeyObject;
}

/**
 * HMAC-SHA256 keys for the log, derived (HKDF) from the master keys, which never enter the
 * database: a database superuser can recompute any unkeyed hash, not these. The service MACs
 * every event row as it appends it, the sealer checks that MAC before sealing and MACs each
 * seal, and verification checks both (docs/adr/0014). Newest master key first: it MACs new
 * rows; the older ones still check rows written before a rotation.
 */
export class LogMac {
  readonly #keys: ReadonlyArray<Record<Purpose, Key>>;

  constructor(masterKeys: readonly Buffer[]) {
    if (masterKeys.length === 0) throw new Error('the log MAC needs at least one master key');
    this.#keys = masterKeys.map((master) => {
      const derive = (info: string): Key => {
        const key = createSecretKey(Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32)));
        return { key, id: createHmac('sha256', key).update('keyledger key id').digest().subarray(0, 4) };
      };
      return { event: derive(INFO.event), seal: derive(INFO.seal), state: derive(INFO.state) };
    });
  }

  /** The MAC of an event the service is about to append, under the newest key. */
  eventMac(e: EventMacInput, parts?: Partial<CanonicalParts>): Buffer {
    return this.make('event', eventText(e, parts));
  }

  /** Whether a stored row carries the MAC the service gave it. */
  eventMacCheck(e: EventMacInput, mac: Buffer | null, parts?: Partial<CanonicalParts>): MacCheck {
    return this.check('event', () => eventText(e, parts), mac);
  }

  sealMac(s: SealMacInput): Buffer {
    return this.make('seal', sealText(s));
  }

  sealMacCheck(s: SealMacInput, mac: Buffer | null): MacCheck {
    return this.check('seal', () => sealText(s), mac);
  }

  /** MACs for the verification state the service keeps between runs (docs/adr/0015). */
  stateMac(text: string): Buffer {
    return this.make('state', text);
  }

  stateMacValid(text: string, mac: Buffer | null): boolean {
    return this.check('state', () => text, mac) === 'valid';
  }

  private make(purpose: Purpose, text: string): Buffer {
    const { id, key } = this.#keys[0][purpose];
    return Buffer.concat([id, createHmac('sha256', key).update(text).digest()]);
  }

  private check(purpose: Purpose, text: () => string, mac: Buffer | null): MacCheck {
    if (mac === null || mac.length !== MAC_BYTES) return 'invalid';
    const held = this.#keys.find((k) => k[purpose].id.equals(mac.subarray(0, 4)));
    if (!held) return 'unknown-key';
    const expected = createHmac('sha256', held[purpose].key).update(text()).digest();
    return timingSafeEqual(expected, mac.subarray(4)) ? 'valid' : 'invalid';
  }

  toJSON(): { keys: number } {
    return { keys: this.#keys.length };
  }

  [inspect.custom](): string {
    return `LogMac { keys: ${this.#keys.length} }`;
  }
}

// The texts MACed, members in RFC 8785 order, written out: these run for every row appended,
// sealed and verified.
function eventText(e: EventMacInput, parts: Partial<CanonicalParts> = {}): string {
  const filled = FILLED_BY_THE_DATABASE[e.type];
  let data = parts.data;
  if (filled && e.data && typeof e.data === 'object') {
    const stated = { ...(e.data as Record<string, unknown>) };
    for (const key of filled) delete stated[key];
    data = canonical(stated);
  }
  return (
    `{"data":${data ?? canonical(e.data)},"event_id":${JSON.stringify(e.event_id)},` +
    `"event_version":${canonical(e.event_version)},"metadata":${parts.metadata ?? canonical(e.metadata)},` +
    `"org_id":${canonical(e.org_id)},"stream_id":${JSON.stringify(e.stream_id)},"type":${JSON.stringify(e.type)}}`
  );
}

function sealText(s: SealMacInput): string {
  return (
    `{"hash":"${s.hash.toString('hex')}","position":${JSON.stringify(s.position)},` +
    `"prev_hash":"${s.prev_hash.toString('hex')}","sealed_at":${JSON.stringify(s.sealed_at)},` +
    `"seq":${JSON.stringify(s.seq)},"transaction_id":${JSON.stringify(s.transaction_id)}}`
  );
}
