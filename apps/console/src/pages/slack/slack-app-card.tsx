import { useState } from 'react';
import { unwrap } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { useAbility, useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { Badge } from '../../ui/badge';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { CopyButton } from '../../ui/copy-button';
import { Form, optional, SelectField, TextField, text } from '../../ui/form';
import { Loaded } from '../../ui/states';
import { humanDuration, Time } from '../../ui/time';

const LIMITS = [
  { value: '', label: 'No limit' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
];

/**
 * The org's Slack app (owners and admins): tokens are write-only, the form says which are set
 * and keeps them when left empty.
 */
export function SlackAppCard() {
  const api = useApi();
  const ability = useAbility();
  const announce = useAnnounce();
  const [removing, setRemoving] = useState(false);
  const settings = useResource(async (a) => (await unwrap(a.GET('/api/admin/integrations/slack'))).slack, []);
  const mayChange = ability.can('update', 'Integration');
  const save = async (data: FormData) => {
    const limit = text(data, 'max_grant_seconds');
    const appToken = optional(data, 'app_token');
    const answer = await unwrap(
      api.PUT('/api/admin/integrations/slack', {
        body: {
          channel: text(data, 'channel'),
          bot_token: optional(data, 'bot_token'),
          signing_secret: optional(data, 'signing_secret'),
          app_token: data.get('http_only') ? null : appToken,
          max_grant_seconds: limit ? Number(limit) : null,
        },
      }),
    );
    announce(`Slack app saved: requests go to ${answer.slack.channel ?? 'the channel'}.`);
    settings.reload();
  };
  return (
    <section className="section" aria-labelledby="slack-app">
      <h2 id="slack-app">Slack app</h2>
      <Loaded resource={settings} what="Slack app">
        {(s) => (
          <>
            <p>
              {s.configured ? (
                <>
                  <Badge value="active" /> Requests are posted to <span className="mono">{s.channel}</span>,
                  over {s.socket_mode ? 'Socket Mode' : 'the HTTP interactivity endpoint'}
                  {s.max_grant_seconds
                    ? `; grants longer than ${humanDuration(s.max_grant_seconds)} are approved in the console only`
                    : ''}
                  .{' '}
                  <span className="muted small">
                    Changed <Time iso={s.updated_at} />.
                  </span>
                </>
              ) : (
                'Not configured: approvers are not asked in Slack.'
              )}
            </p>
            {!s.socket_mode && (
              <dl className="summary-list">
                <dt>Interactivity Request URL</dt>
                <dd>
                  <span className="mono break">{s.interactions_url}</span>{' '}
                  <CopyButton value={s.interactions_url} label="Copy" />
                </dd>
                <dt>/keyledger command Request URL</dt>
                <dd>
                  <span className="mono break">{s.commands_url}</span>{' '}
                  <CopyButton value={s.commands_url} label="Copy" />
                </dd>
              </dl>
            )}
            {mayChange && (
              <Form
                // Remounted after each save, so its defaults are the saved settings.
                key={s.updated_at ?? 'new'}
                onSubmit={save}
                submitLabel={s.configured ? 'Save Slack app' : 'Connect Slack'}
                resetOnSuccess
              >
                <TextField
                  label="Channel"
                  name="channel"
                  required
                  defaultValue={s.channel ?? ''}
                  placeholder="C0123456789"
                />
                <TextField
                  label="Bot token (write-only)"
                  name="bot_token"
                  type="password"
                  autoComplete="off"
                  placeholder={s.bot_token_set ? 'Set: leave empty to keep' : 'xoxb-…'}
                />
                <TextField
                  label="Signing secret (write-only)"
                  name="signing_secret"
                  type="password"
                  autoComplete="off"
                  placeholder={s.signing_secret_set ? 'Set: leave empty to keep' : ''}
                />
                <TextField
                  label="App-level token for Socket Mode (write-only)"
                  name="app_token"
                  type="password"
                  autoComplete="off"
                  placeholder={s.app_token_set ? 'Set: leave empty to keep' : 'xapp-… (no public URL needed)'}
                />
                {s.app_token_set && (
                  <label className="checkbox">
                    <input type="checkbox" name="http_only" /> Stop using Socket Mode (use the HTTP endpoints)
                  </label>
                )}
                <SelectField
                  label="Longest grant approvable from Slack"
                  name="max_grant_seconds"
                  defaultValue={s.max_grant_seconds ? String(s.max_grant_seconds) : ''}
                  options={LIMITS}
                />
              </Form>
            )}
            {mayChange && s.configured && (
              <div className="actions">
                <button type="button" className="button danger" onClick={() => setRemoving(true)}>
                  Disconnect Slack
                </button>
              </div>
            )}
          </>
        )}
      </Loaded>
      {removing && (
        <ConfirmDialog
          title="Disconnect Slack"
          confirmLabel="Disconnect"
          onClose={() => setRemoving(false)}
          onConfirm={async () => {
            await unwrap(api.DELETE('/api/admin/integrations/slack'));
            setRemoving(false);
            announce('Slack disconnected; its tokens are deleted.');
            settings.reload();
          }}
        >
          <p>Keyledger deletes the tokens and stops posting requests. Member links are kept.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
