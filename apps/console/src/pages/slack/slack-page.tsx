import { useState } from 'react';
import { useAbility } from '../../session/session';
import { Page } from '../../ui/page';
import { MySlackLinkCard } from './my-slack-link-card';
import { SlackAppCard } from './slack-app-card';
import { SlackLinksCard } from './slack-links-card';

/** Approvals in Slack: every member links their own account; owners and admins set the app up. */
export function SlackPage() {
  const ability = useAbility();
  const [version, setVersion] = useState(0);
  return (
    <Page title="Slack">
      <p className="muted">
        Requests are posted to a Slack channel with Approve and Deny buttons. A click decides as the member
        linked to the Slack user who clicked, with the same checks as the console, and is recorded as coming
        from Slack.
      </p>
      <MySlackLinkCard onChange={() => setVersion((v) => v + 1)} />
      {ability.can('read', 'Integration') && <SlackAppCard />}
      {ability.can('read', 'Integration') && <SlackLinksCard version={version} />}
    </Page>
  );
}
