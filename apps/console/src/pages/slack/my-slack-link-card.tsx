import { useEffect, useState } from 'react';
import type { Schemas } from '@keyledger/client';
import { unwrap } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { CopyButton } from '../../ui/copy-button';
import { Loaded } from '../../ui/states';
import { Time } from '../../ui/time';

type LinkCode = Schemas['SlackLinkCodeDto'];

/**
 * The signed-in member links their own Slack user: a one-time code here, `/keyledger link
 * <code>` in Slack. Keyledger never matches emails; the code proves both sides.
 */
export function MySlackLinkCard({ onChange }: { onChange?: () => void }) {
  const api = useApi();
  const announce = useAnnounce();
  const [code, setCode] = useState<LinkCode | null>(null);
  const [unlinking, setUnlinking] = useState(false);
  const link = useResource(async (a) => (await unwrap(a.GET('/api/admin/me/slack-link'))).slack_link, [], {
    // While a code is out, notice the link as soon as Slack makes it.
    pollMs: code ? 3_000 : undefined,
  });
  const linked = link.data?.linked === true;
  // Other cards (the list of linked members) follow this member's link.
  useEffect(() => {
    if (link.data) onChange?.();
  }, [linked]);
  const issue = async () => {
    setCode(await unwrap(api.POST('/api/admin/me/slack-link')));
    announce('Link code created. Send it to Keyledger in Slack within ten minutes.');
  };
  return (
    <section className="section" aria-labelledby="slack-me">
      <h2 id="slack-me">Your Slack account</h2>
      <Loaded resource={link} what="Your Slack link">
        {(l) =>
          l.linked ? (
            <>
              <p>
                Linked to Slack user <span className="mono">{l.slack_user_id}</span>{' '}
                <span className="muted small">
                  (workspace <span className="mono">{l.slack_team_id}</span>, since <Time iso={l.linked_at} />
                  )
                </span>
                . Approve and Deny in Slack act as you, with your role and tool scope.
              </p>
              <div className="actions">
                <button type="button" className="button danger" onClick={() => setUnlinking(true)}>
                  Unlink Slack
                </button>
              </div>
            </>
          ) : (
            <>
              <p>
                Not linked. Link your Slack account to approve and deny requests from the message in Slack.
              </p>
              {code && !linked ? (
                <div className="notice info" role="status">
                  <p>
                    In Slack, send this command (it works once, until <Time iso={code.expires_at} />
                    ):
                  </p>
                  <p>
                    <code className="mono" aria-label="Link command">
                      {code.command}
                    </code>
                  </p>
                  <CopyButton value={code.command} label="Copy command" />
                </div>
              ) : null}
              <div className="actions">
                <button type="button" className="button primary" onClick={() => void issue()}>
                  {code ? 'Get a new link code' : 'Get a link code'}
                </button>
              </div>
            </>
          )
        }
      </Loaded>
      {unlinking && (
        <ConfirmDialog
          title="Unlink Slack"
          confirmLabel="Unlink"
          onClose={() => setUnlinking(false)}
          onConfirm={async () => {
            await unwrap(api.DELETE('/api/admin/me/slack-link'));
            setUnlinking(false);
            setCode(null);
            announce('Slack unlinked.');
            link.reload();
          }}
        >
          <p>Clicks from your Slack account will decide nothing until you link it again.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
