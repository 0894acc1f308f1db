import { systemContext, toMetadata } from '../../../../libs/common/src/request-context';
import { rewrapAllSecrets } from '../../../../libs/catalog/src/secrets/rewrap';
import { rewrapWebhookEndpoints } from '../../../../libs/notifications/src/webhook-endpoint.vault';
import { rewrapSlackAppSecrets } from '../../../../libs/notifications/src/slack/slack-app.vault';
import type { CliContext } from '../context';
import type { CliOptions } from './index';

/**
 * Re-wraps every data key under the newest master key while the service runs: the tools'
 * secrets and the webhooks' endpoints (procedure: libs/catalog/README.md). Exit 0 when the old
 * keys are no longer needed, 2 when some rows open under no configured key (keep the old key
 * and investigate).
 */
export async function rotateMasterKey(context: CliContext, _options: CliOptions = {}): Promise<number> {
  const keys = context.runtime.masterKeys;
  if (keys.length < 2) {
    context.err.write(
      'rotate-master-key: only one master key is configured; set KEYLEDGER_MASTER_KEY=<new>,<old> ' +
        '(newest first) so existing data keys can be unwrapped. Re-wrapping under the single key anyway.\n',
    );
  }
  const report = await rewrapAllSecrets(context.db, keys);
  const endpoints = await rewrapWebhookEndpoints(context.db, keys);
  const slack = await rewrapSlackAppSecrets(context.db, keys);
  const unreadable = report.unreadable.length + endpoints.unreadable.length + slack.unreadable.length;
  const ctx = systemContext(null, 'cli');
  await context.store.append(
    'keyring',
    'any',
    [
      {
        type: 'MasterKeyRotated',
        data: {
          kek_version: report.kekVersion,
          rewrapped: report.rewrapped,
          webhook_endpoints_rewrapped: endpoints.rewrapped,
          slack_apps_rewrapped: slack.rewrapped,
          unreadable,
        },
      },
    ],
    toMetadata(ctx),
  );
  context.out.write(
    `re-wrapped ${report.rewrapped} secret versions under master key version ${report.kekVersion}` +
      (report.stragglers ? ` (${report.stragglers} written meanwhile by an instance on the old key)` : '') +
      '\n' +
      `re-wrapped ${endpoints.rewrapped} webhook endpoints\n` +
      `re-wrapped ${slack.rewrapped} Slack app settings\n`,
  );
  if (unreadable === 0) {
    context.out.write(
      'every secret version and webhook endpoint opens under the newest master key: older keys may be dropped\n',
    );
    return 0;
  }
  for (const row of report.unreadable) {
    context.err.write(
      `unreadable: tool ${row.tool_id}${row.scope ? ` scope ${row.scope}` : ''} version ${row.version}: ${row.reason}\n`,
    );
  }
  for (const row of endpoints.unreadable) {
    context.err.write(`unreadable: webhook ${row.webhook_id} endpoint: ${row.reason}\n`);
  }
  for (const row of slack.unreadable) {
    context.err.write(`unreadable: org ${row.org_id} Slack app settings: ${row.reason}\n`);
  }
  context.err.write(`${unreadable} secrets or endpoints open under no configured key: keep the old key\n`);
  return 2;
}
