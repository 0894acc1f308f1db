import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { StartupError } from '../../common/src/startup-error';

/**
 * The service serves as a LOGIN role that cannot change the log: no UPDATE, DELETE, TRUNCATE
 * or TRIGGER on it, not its owner, not a superuser, no CREATEROLE, and no membership that a
 * `SET ROLE` could use to become any of those. Migrations run as the owner; then, given the
 * owner's URL, the service makes (or updates) that login role, a member of the migrations'
 * `keyledger_app` group, and opens its pool as it. Given a URL that already cannot change the
 * log, it serves as that. docs/adr/0010-serve-as-a-login-role.md.
 */
const LOG_TABLES = ['events', 'event_seals', 'signed_checkpoints'];
const GROUP = 'keyledger_app';

export interface ServingRole {
  /** The login role's name; by default derived from the database's, so roles never collide. */
  role?: string | null;
  /** Its password; by default derived from `secret`, so every instance derives the same one. */
  password?: string | null;
  /** The owner URL's password when it has one, else a key the instances share. */
  secret: Buffer | string;
}

export interface ServingUrl {
  url: string;
  /** The role the pool logs in as. */
  role: string;
  /** True when the URL's own user already could not change the log. */
  asGiven: boolean;
}

/** `<database>_service`, or a hashed name when that is not a plain identifier of 63 bytes. */
export function servingRoleName(database: string): string {
  const name = `${database}_service`;
  if (/^[a-z_][a-z0-9_]*$/.test(name) && name.length <= 63) return name;
  return `keyledger_service_${createHash('sha256').update(database).digest('hex').slice(0, 16)}`;
}

export function derivedPassword(secret: Buffer | string, database: string, role: string): string {
  return createHmac('sha256', secret)
    .update(`keyledger serving role\0${database}\0${role}`)
    .digest('base64url');
}

/** A SCRAM-SHA-256 verifier: the server stores it, and no statement or log holds the password. */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  const b64 = (b: Buffer) => b.toString('base64');
  return `SCRAM-SHA-256$${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}

type Rows = <R>(text: string, values?: unknown[]) => Promise<R[]>;

function rowsOf(client: Client): Rows {
  return async <R>(text: string, values?: unknown[]) => (await client.query(text, values)).rows as R[];
}

/**
 * What a role (the connection's own, `current_user`, by default: `RESET ROLE` cannot undo
 * that) could do to the log; empty when nothing. Null when the schema is not there yet.
 */
export async function logPowers(query: Rows, role: string | null = null): Promise<string[] | null> {
  const [answer] = await query<{ tables: number; powers: string[] }>(
    `WITH r AS (SELECT * FROM pg_roles WHERE rolname = COALESCE($2, current_user)),
          t AS (SELECT to_regclass(name) AS oid FROM unnest($1::text[]) AS name)
     SELECT (SELECT count(*) FROM t WHERE oid IS NOT NULL)::int AS tables, array_remove(ARRAY[
       CASE WHEN (SELECT rolsuper FROM r) THEN 'is a superuser' END,
       CASE WHEN (SELECT rolcreaterole FROM r) THEN 'may create roles' END,
       CASE WHEN EXISTS (SELECT 1 FROM pg_roles s, r WHERE s.rolsuper AND s.oid <> r.oid AND pg_has_role(r.oid, s.oid, 'MEMBER'))
         THEN 'may SET ROLE to a superuser' END,
       CASE WHEN EXISTS (SELECT 1 FROM t JOIN pg_class c ON c.oid = t.oid, r WHERE pg_has_role(r.oid, c.relowner, 'MEMBER'))
         THEN 'owns the log (or may SET ROLE to its owner)' END,
       (SELECT 'may ' || string_agg(DISTINCT p, ', ') || ' the log'
          FROM t, r, unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']) AS p
         WHERE t.oid IS NOT NULL AND has_table_privilege(r.oid, t.oid, p))
     ], NULL) AS powers`,
    [LOG_TABLES, role],
  );
  return answer.tables === LOG_TABLES.length ? answer.powers : null;
}

/**
 * The URL to serve with. From an owner's URL: a login role in `keyledger_app`, created or
 * updated under an advisory lock (instances of one database start together; roles are
 * cluster-wide, so names are per database and creation tolerates a concurrent creator).
 */
export async function servingUrl(ownerUrl: string, options: ServingRole): Promise<ServingUrl> {
  const client = new Client({ connectionString: ownerUrl, application_name: 'keyledger-setup' });
  await client.connect();
  try {
    const { rows } = await client.query<{ database: string; user: string }>(
      'SELECT current_database() AS database, current_user AS user',
    );
    const { database, user } = rows[0];
    const powers = await logPowers(rowsOf(client));
    if (powers === null) {
      throw new StartupError(
        `the database ${database} has no Keyledger schema yet`,
        "run the migrations with the owner's URL (npm run migrate), or set KEYLEDGER_AUTO_MIGRATE=true",
      );
    }
    if (powers.length === 0) return { url: ownerUrl, role: user, asGiven: true };
    const role = options.role ?? servingRoleName(database);
    const password = options.password ?? derivedPassword(options.secret, database, role);
    await withRetry(() => ensureRole(client, user, role, password));
    const url = new URL(ownerUrl);
    url.username = role;
    url.password = password;
    return { url: url.toString(), role, asGiven: false };
  } finally {
    await client.end();
  }
}

async function ensureRole(client: Client, owner: string, role: string, password: string): Promise<void> {
  const name = client.escapeIdentifier(role);
  const verifier = client.escapeLiteral(scramVerifier(password));
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('keyledger:serving-role'))`);
    const group = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [GROUP]);
    if (group.rowCount === 0) {
      throw new StartupError(
        `the role ${GROUP} does not exist: the migrations create it only when ${owner} may create roles`,
        `create it and re-run the migrations as a role that may (CREATE ROLE ${GROUP} NOLOGIN), or set DATABASE_URL to a login role that cannot change the log`,
      );
    }
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (exists.rowCount === 0) {
      await client.query(
        `CREATE ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT PASSWORD ${verifier}`,
      );
    } else {
      const powers = await logPowers(rowsOf(client), role);
      if (powers && powers.length > 0) {
        throw new StartupError(
          `refusing to serve as ${role}: it ${powers.join(', ')}`,
          'name another role in KEYLEDGER_DB_SERVICE_ROLE, or take those rights away from it',
        );
      }
      await client.query(`ALTER ROLE ${name} LOGIN PASSWORD ${verifier}`);
    }
    await client.query(`GRANT ${GROUP} TO ${name}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if ((error as { code?: string }).code === '42501') {
      throw new StartupError(
        `${owner} owns the log but may not create or change the role ${role} to serve as (${(error as Error).message})`,
        `create it as a superuser (CREATE ROLE ${role} LOGIN PASSWORD '…' IN ROLE ${GROUP}), then set DATABASE_URL to it and run the migrations with the owner's URL (npm run migrate)`,
      );
    }
    throw error;
  }
}

/** Another database's instance may create or alter a role of the same name at the same moment. */
async function withRetry(work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      const raced = code === '42710' || code === '23505' || code === 'XX000' || code === '40001';
      if (!raced || attempt >= 3) throw error;
    }
  }
}

/** The serving pool's last check: a role that could change the log is not served as. */
export async function assertCannotChangeLog(query: Rows): Promise<void> {
  const powers = await logPowers(query);
  if (powers && powers.length > 0) {
    const [{ user }] = await query<{ user: string }>('SELECT current_user AS user');
    throw new StartupError(
      `refusing to serve as ${user}: it ${powers.join(', ')}`,
      "give DATABASE_URL a login role that cannot change the log, or the owner's URL to let Keyledger make one",
    );
  }
}
