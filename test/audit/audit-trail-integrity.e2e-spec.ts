import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { ROOMY_RATES } from '../support/members';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';
import { allEvents, auditClient, caughtUp } from './audit-support';
import { behindTheTriggers } from './attacker';

jest.setTimeout(90_000);

/**
 * Issue 13, finding 7: the audit API serves `audit_events`, a copy of the log that the service
 * role could UPDATE and DELETE and that verification never looked at. Now it is append-only
 * like the log, and verification proves it equal to the chained log, row for row.
 */
describe('what auditors read is the chained log', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeEach(async () => {
    env = await createTestEnv();
    api = await env.start({ ...ROOMY_RATES, KEYLEDGER_RATE_HEAVY: '1000/1m' });
  });
  afterEach(() => env.close());

  async function story() {
    const { token, admin } = await adminSession(api);
    const tool = await addTool(admin);
    const scout = await registerAgent(admin);
    const agent = agentClient(api, scout.key);
    const asked = await agent('POST', `/api/tools/${tool.id}/request`, { reason: 'read the repository' });
    await admin('POST', `/api/admin/requests/${asked.body.request_id}/approve`, {});
    expect((await agent('GET', `/api/tools/${tool.id}/credentials`)).status).toBe(200);
    await caughtUp(api);
    const audit = auditClient(api, token);
    expect((await audit('/api/audit/verify')).body.ok).toBe(true);
    const vended = (await allEvents(api, token, 'type=CredentialVended'))[0];
    return { token, audit, vended };
  }

  it('catches a served event that differs from the log', async () => {
    const { token, audit, vended } = await story();
    const su = await env.db.admin();
    // A superuser makes the fetch look like another key's.
    await behindTheTriggers(su, ['audit_events'], () =>
      su.query(
        `UPDATE audit_events SET data = jsonb_set(data, '{key_id}', '"someone-elses-key"') WHERE position = $1`,
        [vended.position],
      ),
    );
    expect((await allEvents(api, token, 'type=CredentialVended'))[0].data.key_id).toBe('someone-elses-key');
    const verdict = await audit('/api/audit/verify');
    expect(verdict.body).toMatchObject({ ok: false, first_bad_position: vended.position });
    expect(verdict.body.reason).toMatch(/audit trail/);
  });

  it('catches an event left out of what auditors read', async () => {
    const { audit, vended } = await story();
    const su = await env.db.admin();
    await behindTheTriggers(su, ['audit_events'], () =>
      su.query('DELETE FROM audit_events WHERE position = $1', [vended.position]),
    );
    const verdict = await audit('/api/audit/verify');
    expect(verdict.body.ok).toBe(false);
    expect(verdict.body.reason).toMatch(/audit trail/);
  });

  it('refuses UPDATE and DELETE on the audit trail to the service role', async () => {
    await story();
    const app = await env.db.serving({ poolSize: 1 }); // the service's own login role (docs/adr/0010)
    await expect(app.query(`UPDATE audit_events SET type = 'Tampered'`)).rejects.toThrow(/permission denied/);
    await expect(app.query('DELETE FROM audit_events')).rejects.toThrow(/permission denied/);
    // The owner (and a superuser) meet the trigger instead.
    const su = await env.db.admin();
    await expect(su.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
  });
});
