import { Sealer } from '../../libs/event-store/src/sealer';
import { auditClient } from '../audit/audit-support';
import { behindTheTriggers } from '../audit/attacker';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { ROOMY_RATES } from '../support/members';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';

jest.setTimeout(90_000);

/**
 * Issue 14, item 11: the sealer chains events about half a second after they commit. An edit
 * a database superuser made in between was sealed as if genuine and verification answered
 * ok. Every row now carries the service's MAC from the moment it commits (docs/adr/0014):
 * the sealer refuses a row whose MAC does not match, and verification names it.
 */
describe('an edit made before the sealer runs', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeEach(async () => {
    env = await createTestEnv();
    // No background sealing: the test decides when the sealer runs, after the attacker.
    api = await env.start({ ...ROOMY_RATES, KEYLEDGER_RATE_HEAVY: '1000/1m' }, { background: false });
  });
  afterEach(() => env.close());

  it('is refused by the sealer and named by verification', async () => {
    const { token, admin } = await adminSession(api);
    const scout = await registerAgent(admin, 'Scout');
    const su = await env.db.admin();
    const {
      rows: [row],
    } = await su.query<{ position: string; sealed: boolean }>(
      `SELECT e.position::text AS position, EXISTS (SELECT 1 FROM event_seals s WHERE s.position = e.position) AS sealed
       FROM events e WHERE e.type = 'AgentRegistered' AND e.stream_id = $1`,
      [`agent-${scout.id}`],
    );
    expect(row.sealed).toBe(false);
    await behindTheTriggers(su, ['events'], () =>
      su.query(`UPDATE events SET data = jsonb_set(data, '{name}', '"Innocent"') WHERE position = $1`, [
        row.position,
      ]),
    );
    await registerAgent(admin, 'After');

    await api.app.get(Sealer).sealAll();
    const { rows: sealed } = await su.query('SELECT 1 FROM event_seals WHERE position = $1', [row.position]);
    expect(sealed).toHaveLength(0);
    const verdict = await auditClient(api, token)('/api/audit/verify');
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ ok: false, first_bad_position: row.position });
    expect(verdict.body.reason).toMatch(/MAC/);
  });

  it('catches a credential fetch rewritten as it is inserted', async () => {
    const { token, admin } = await adminSession(api);
    const tool = await addTool(admin);
    const scout = await registerAgent(admin);
    const agent = agentClient(api, scout.key);
    const asked = await agent('POST', `/api/tools/${tool.id}/request`, { reason: 'read the repository' });
    await admin('POST', `/api/admin/requests/${asked.body.request_id}/approve`, {});
    await api.app.get(Sealer).sealAll();
    const audit = auditClient(api, token);
    expect((await audit('/api/audit/verify')).body.ok).toBe(true);

    // A superuser's trigger blames another key for every fetch, before the row even commits.
    const su = await env.db.admin();
    await su.query(`
      CREATE FUNCTION blame_someone() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.data := jsonb_set(NEW.data, '{key_id}', '"someone-elses-key"'); RETURN NEW; END $$`);
    await su.query(`
      CREATE TRIGGER blame_someone BEFORE INSERT ON events FOR EACH ROW
      WHEN (NEW.type = 'CredentialVended') EXECUTE FUNCTION blame_someone()`);
    expect((await agent('GET', `/api/tools/${tool.id}/credentials`)).status).toBe(200);
    const {
      rows: [vended],
    } = await su.query<{ position: string; key_id: string }>(
      `SELECT position::text AS position, data->>'key_id' AS key_id FROM events WHERE type = 'CredentialVended'`,
    );
    expect(vended.key_id).toBe('someone-elses-key');

    await api.app.get(Sealer).sealAll();
    const verdict = await audit('/api/audit/verify');
    expect(verdict.body).toMatchObject({ ok: false, first_bad_position: vended.position });
  });
});
