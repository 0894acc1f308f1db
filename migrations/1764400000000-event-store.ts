import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store: the log, its streams, the hash-chain seals, signed checkpoints and
 * subscription checkpoints. DESIGN.md, "Event store invariants" 1-4.
 */
export class EventStore1764400000000 implements MigrationInterface {
  name = 'EventStore1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE streams (
        stream_id   text PRIMARY KEY,
        version     integer NOT NULL CHECK (version >= 0),
        org_id      text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // position orders every event; transaction_id lets readers wait for slow transactions
    // instead of skipping them (Marten / Emmett, DESIGN.md invariant 3).
    await q.query(`
      CREATE TABLE events (
        position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id        uuid NOT NULL UNIQUE,
        stream_id       text NOT NULL,
        stream_version  integer NOT NULL CHECK (stream_version > 0),
        org_id          text,
        type            text NOT NULL,
        event_version   smallint NOT NULL DEFAULT 1,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        occurred_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
      )`);
    await q.query(`CREATE INDEX events_transaction_position ON events (transaction_id, position)`);
    // The hash chain, sealed in (transaction_id, position) order by one sealer at a time.
    await q.query(`
      CREATE TABLE event_seals (
        seq             bigint PRIMARY KEY,
        position        bigint NOT NULL UNIQUE,
        transaction_id  xid8 NOT NULL,
        prev_hash       bytea NOT NULL,
        hash            bytea NOT NULL,
        sealed_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE signed_checkpoints (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        seq         bigint NOT NULL,
        position    bigint NOT NULL,
        head_hash   text NOT NULL,
        signed_at   timestamptz NOT NULL,
        signature   text NOT NULL,
        public_key  text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE subscription_checkpoints (
        name                 text PRIMARY KEY,
        last_transaction_id  xid8 NOT NULL DEFAULT '0',
        last_position        bigint NOT NULL DEFAULT 0,
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);
    // Append-only in the database itself (invariant 1): rows and tables refuse change.
    await q.query(`
      CREATE FUNCTION keyledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'keyledger: % on % is forbidden: the audit log is append-only', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['events', 'event_seals', 'signed_checkpoints']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only_rows BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION keyledger_append_only()`);
      await q.query(`
        CREATE TRIGGER ${table}_append_only_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION keyledger_append_only()`);
    }
    // The service role: read and append the log, read and write the read models, and
    // nothing else. Created only where the migrating user may create roles (roles are
    // cluster-wide, so a concurrent creator is tolerated).
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keyledger_app') THEN
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
            BEGIN
              CREATE ROLE keyledger_app NOLOGIN;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END;
          END IF;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keyledger_app') THEN
          EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO keyledger_app', current_database());
          GRANT USAGE ON SCHEMA public TO keyledger_app;
          ALTER DEFAULT PRIVILEGES IN SCHEMA public
            GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO keyledger_app;
          ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO keyledger_app;
          GRANT SELECT, INSERT, UPDATE ON streams, subscription_checkpoints TO keyledger_app;
          GRANT SELECT, INSERT ON events, event_seals, signed_checkpoints TO keyledger_app;
          GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO keyledger_app;
          -- /ready compares applied migrations with the code's.
          GRANT SELECT ON schema_migrations TO keyledger_app;
        END IF;
      END $$`);
  }

  down(): Promise<void> {
    return Promise.reject(new Error('The event store is never rolled back: the log is the audit trail.'));
  }
}
