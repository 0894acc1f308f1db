import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../../../database/src/database';
import {
  accessFields,
  type AccessColumns,
  LATEST_ACCESS_BY_TOOL,
  toolFields,
  type ToolColumns,
} from './agent-catalog.read';

interface CachedCatalog {
  version: string | null;
  /**
   * Each active tool's own fields as UTF-8 JSON, by name: `{"id":…,"credential_mode":…,` (left
   * open for the agent's fields). Buffers live outside V8's heap: an answer assembled from them
   * is freed with its small handle, where a 300 KB string would wait for a full collection.
   */
  tools: Array<{ id: string; json: Buffer }>;
}

interface AccessState extends AccessColumns {
  version: string | null;
  tool_id: string | null;
}

interface ToolState extends Omit<ToolColumns, 'id'> {
  version: string | null;
  /** Null in the one row answered for an org without active tools. */
  id: string | null;
}

const OPEN = Buffer.from('{"tools":[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');
/** The agent's fields for a tool it never asked for. */
const NONE = Buffer.from(JSON.stringify(accessFields(null, new Date())).slice(1));

/** Orgs whose catalog an instance keeps; the least recently listed goes first. */
const MAX_ORGS = 200;

/**
 * Bytes of assembled listings kept, one per agent, least recently listed dropped first. An agent
 * that lists again with nothing changed gets the same buffer: no 300 KB allocation per listing
 * (above malloc's mmap threshold, each one cost page faults in the kernel: bench/README.md).
 */
const MAX_LISTING_BYTES = 16 * 2 ** 20;

interface Listing {
  catalog: CachedCatalog;
  /** The agent's own fields for each tool it asked for, as assembled into `body`. */
  access: string;
  body: Buffer;
  etag: string;
}

// The org's catalog version and the agent's latest request per tool, in one round trip; the
// LEFT JOIN answers one row even for an agent that never asked for anything.
const ACCESS = `
  SELECT (SELECT version::text FROM catalog_versions WHERE org_id = $1) AS version,
         l.tool_id, l.id AS access_id, l.status, l.denial_reason, l.end_reason, l.expires_at
  FROM (SELECT 1) one LEFT JOIN LATERAL (${LATEST_ACCESS_BY_TOOL}) l ON true`;

const TOOLS = `
  SELECT v.version, t.id, t.name, t.description, t.url, t.auth_type, t.credential_mode
  FROM (SELECT (SELECT version::text FROM catalog_versions WHERE org_id = $1) AS version) v
  LEFT JOIN tools t ON t.org_id = $1 AND t.status = 'active'
  ORDER BY t.name, t.id`;

/**
 * GET /api/tools for an agent, as JSON text. The tools' own fields are the same for every agent
 * of an org, so an instance keeps them serialised, per org, and reloads them only when the
 * org's catalog version moves (it is read with every listing, so every instance serves the
 * catalog as committed). A listing then costs one small query (the agent's own requests) and
 * joining strings: for a thousand tools, parsing and serialising them on every request was
 * most of the service's CPU (bench/README.md).
 */
@Injectable()
export class AgentCatalogCache {
  private readonly orgs = new Map<string, CachedCatalog>();
  private readonly listings = new Map<string, Listing>();
  private listingBytes = 0;

  constructor(@Inject(Database) private readonly db: Database) {}

  /**
   * The listing and its entity tag: the catalog version and a digest of the agent's own fields,
   * so an agent that polls with If-None-Match gets 304 until a tool or its access changes.
   */
  async list(orgId: string, agentId: string): Promise<{ body: Buffer; etag: string }> {
    const rows = await this.db.prepared<AccessState>('keyledger_agent_access', ACCESS, [orgId, agentId]);
    const catalog = await this.catalog(orgId, rows[0]?.version ?? null);
    const now = new Date();
    const mine = new Map<string, string>();
    for (const r of rows) {
      if (r.tool_id !== null) mine.set(r.tool_id, JSON.stringify(accessFields(r, now)).slice(1));
    }
    // What the agent's own fields come to, in a fixed order: equal means the same listing.
    const access = [...mine.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, fields]) => `${id}${fields}`)
      .join('');
    const key = `${orgId}\u0000${agentId}`;
    const kept = this.listings.get(key);
    if (kept && kept.catalog === catalog && kept.access === access) {
      this.listings.delete(key);
      this.listings.set(key, kept);
      return kept;
    }
    const digest = createHash('sha256');
    const parts: Buffer[] = [OPEN];
    for (const [i, t] of catalog.tools.entries()) {
      if (i > 0) parts.push(COMMA);
      parts.push(t.json);
      const fields = mine.get(t.id);
      if (fields === undefined) {
        parts.push(NONE);
        continue;
      }
      digest.update(`${t.id}${fields}`);
      parts.push(Buffer.from(fields));
    }
    parts.push(CLOSE);
    const listing: Listing = {
      catalog,
      access,
      body: Buffer.concat(parts),
      etag: `"${catalog.version ?? 0}.${digest.digest('base64url').slice(0, 22)}"`,
    };
    this.keep(key, kept, listing);
    return listing;
  }

  private keep(key: string, replaced: Listing | undefined, listing: Listing): void {
    if (replaced) {
      this.listings.delete(key);
      this.listingBytes -= replaced.body.length;
    }
    this.listings.set(key, listing);
    this.listingBytes += listing.body.length;
    for (const [oldest, dropped] of this.listings) {
      if (this.listingBytes <= MAX_LISTING_BYTES) break;
      this.listings.delete(oldest);
      this.listingBytes -= dropped.body.length;
    }
  }

  private async catalog(orgId: string, version: string | null): Promise<CachedCatalog> {
    const cached = this.orgs.get(orgId);
    this.orgs.delete(orgId);
    let catalog = cached;
    if (!catalog || catalog.version !== version) {
      const rows = await this.db.prepared<ToolState>('keyledger_catalog_tools', TOOLS, [orgId]);
      catalog = {
        // The version read with the tools: at least as new as the one that sent us here.
        version: rows[0]?.version ?? null,
        tools: rows
          .filter((r) => r.id !== null)
          .map((r) => ({
            id: r.id!,
            json: Buffer.from(JSON.stringify(toolFields({ ...r, id: r.id! })).slice(0, -1) + ','),
          })),
      };
    }
    this.orgs.set(orgId, catalog);
    if (this.orgs.size > MAX_ORGS) this.orgs.delete(this.orgs.keys().next().value!);
    return catalog;
  }
}
