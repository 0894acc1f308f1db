import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { ROOMY_RATES } from '../support/members';
import { adminSession, registerAgent } from '../support/story';
import { auditClient } from './audit-support';
import { behindTheTriggers, forgeCheckpoint, recomputeSeals } from './attacker';

jest.setTimeout(90_000);

/**
 * Issue 13, finding 6: verification trusted whatever key a checkpoint row carried, and a log
 * with its checkpoints deleted verified too. Checkpoints count only when signed by the
 * service's own key (or one it kept trusting after a rotation), every stored one is checked,
 * and sealed events that no checkpoint covers after the signer had its chance are not ok.
 */
describe('checkpoints are held to the service’s own keys', () => {
  let env: TestEnv;

  beforeEach(async () => {
    env = await createTestEnv();
  });
  afterEach(() => env.close());

  // The sealer and the signer run only when a test calls them: the attacker acts in between.
  const start = (vars: Record<string, string> = {}): Promise<RunningApp> =>
    env.start({ ...ROOMY_RATES, KEYLEDGER_RATE_HEAVY: '1000/1m', ...vars }, { background: false });

  it('refuses a log whose seals were recomputed and re-signed with a fresh key', async () => {
    const api = await start();
    const { token, admin } = await adminSession(api);
    const audit = auditClient(api, token);
    await registerAgent(admin, 'Early');
    const genuine = await audit('/api/audit/checkpoints', 'POST');
    expect(genuine.status).toBe(201);
    const late = await registerAgent(admin, 'Late');
    await registerAgent(admin, 'Later');
    expect((await audit('/api/audit/verify')).body.ok).toBe(true);

    const su = await env.db.admin();
    const {
      rows: [victim],
    } = await su.query<{ position: string }>(
      `SELECT position::text AS position FROM events WHERE type = 'AgentRegistered' AND stream_id = $1`,
      [`agent-${late.id}`],
    );
    await behindTheTriggers(su, ['events'], () =>
      su.query(`UPDATE events SET data = jsonb_set(data, '{name}', '"Someone-Else"') WHERE position = $1`, [
        victim.position,
      ]),
    );
    await recomputeSeals(su, victim.position);
    await forgeCheckpoint(su);

    const verdict = await audit('/api/audit/verify');
    expect(verdict.status).toBe(200);
    expect(verdict.body.ok).toBe(false);
    expect(verdict.body.first_bad_position).toBe(victim.position);
    // The forged checkpoint is not served as the service's either.
    const latest = await audit('/api/audit/checkpoints/latest');
    expect(latest.body.public_key).toBe(genuine.body.public_key);
  });

  it('is not ok when the checkpoints that should cover the log were deleted', async () => {
    // One second between checkpoints: events sealed more than 2 × 1 s + 5 s ago must be covered.
    const api = await start({ KEYLEDGER_CHECKPOINT_INTERVAL_SECONDS: '1' });
    const { token, admin } = await adminSession(api);
    const audit = auditClient(api, token);
    await registerAgent(admin, 'Scout');
    expect((await audit('/api/audit/checkpoints', 'POST')).status).toBe(201);
    expect((await audit('/api/audit/verify')).body.ok).toBe(true);

    const su = await env.db.admin();
    await behindTheTriggers(su, ['signed_checkpoints'], () => su.query('DELETE FROM signed_checkpoints'));
    await new Promise((r) => setTimeout(r, 8000));
    const verdict = await audit('/api/audit/verify');
    expect(verdict.body.ok).toBe(false);
    expect(verdict.body.reason).toMatch(/checkpoint/);
  });
});
