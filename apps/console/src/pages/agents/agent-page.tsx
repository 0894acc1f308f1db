import { useState } from 'react';
import { unwrap } from '../../api/client';
import type { Agent } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { Link } from '../../router';
import { useAbility, useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { Badge } from '../../ui/badge';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Dialog } from '../../ui/dialog';
import { Page, Section } from '../../ui/page';
import { ReasonDialog } from '../../ui/reason-dialog';
import { Loaded } from '../../ui/states';
import { AgentActivity } from './agent-activity';
import { AgentGrants } from './agent-grants';
import { AgentKeys } from './agent-keys';
import { KeyReveal, OnboardingSnippet } from './key-reveal';

type Open = 'suspend' | 'reactivate' | 'issue' | { key: string } | null;

export function AgentPage({ id }: { id: string }) {
  const api = useApi();
  const ability = useAbility();
  const announce = useAnnounce();
  const [open, setOpen] = useState<Open>(null);
  const agent = useResource(
    async (a) =>
      (await unwrap(a.GET('/api/admin/agents/{agentId}', { params: { path: { agentId: id } } }))).agent,
    [id],
  );
  const changeStatus = async (verb: 'suspend' | 'reactivate', reason: string) => {
    const path =
      verb === 'suspend' ? '/api/admin/agents/{agentId}/suspend' : '/api/admin/agents/{agentId}/reactivate';
    await unwrap(api.POST(path, { params: { path: { agentId: id } }, body: { reason } }));
    setOpen(null);
    announce(
      verb === 'suspend' ? 'Agent suspended: its fetches are refused from now on.' : 'Agent reactivated.',
    );
    agent.reload();
  };
  const issueKey = async () => {
    const answer = await unwrap(
      api.POST('/api/admin/agents/{agentId}/keys', { params: { path: { agentId: id } } }),
    );
    setOpen({ key: answer.api_key });
    agent.reload();
  };
  const title = agent.data?.name ?? 'Agent';
  return (
    <Page title={title} actions={<Link to="/agents">All agents</Link>}>
      {open === 'issue' && (
        <ConfirmDialog
          title={`Issue a key to ${title}`}
          confirmLabel="Issue key"
          onConfirm={issueKey}
          onClose={() => setOpen(null)}
        >
          <p>
            The new key is shown once, now. The agent’s other keys keep working until you revoke them, so a
            rotation has an overlap.
          </p>
        </ConfirmDialog>
      )}
      <Loaded resource={agent} what="Agent">
        {(a: Agent) => (
          <>
            <div className="summary">
              <Badge value={a.status} />
              {a.description && <p>{a.description}</p>}
              {a.suspended_reason && <p className="muted">Suspended: {a.suspended_reason}</p>}
              <div className="row-actions">
                {a.status === 'active' && ability.can('suspend', 'Agent') && (
                  <button type="button" className="button danger" onClick={() => setOpen('suspend')}>
                    Suspend
                  </button>
                )}
                {a.status === 'suspended' && ability.can('reactivate', 'Agent') && (
                  <button type="button" className="button" onClick={() => setOpen('reactivate')}>
                    Reactivate
                  </button>
                )}
                {ability.can('create', 'AgentKey') && (
                  <button type="button" className="button" onClick={() => setOpen('issue')}>
                    Issue key
                  </button>
                )}
              </div>
            </div>
            <AgentKeys agent={a} onChange={agent.reload} />
            <AgentGrants agentId={a.id} />
            {ability.can('read', 'AuditLog') && <AgentActivity agentId={a.id} />}
            <Section title="Onboarding snippet">
              <OnboardingSnippet agentId={a.id} heading={false} />
            </Section>
          </>
        )}
      </Loaded>
      {(open === 'suspend' || open === 'reactivate') && (
        <ReasonDialog
          title={open === 'suspend' ? `Suspend ${title}` : `Reactivate ${title}`}
          submitLabel={open === 'suspend' ? 'Suspend' : 'Reactivate'}
          danger={open === 'suspend'}
          onSubmit={(reason) => changeStatus(open, reason)}
          onClose={() => setOpen(null)}
        >
          {open === 'suspend' && <p>Every fetch by this agent is refused until it is reactivated.</p>}
        </ReasonDialog>
      )}
      {open && typeof open === 'object' && (
        <Dialog title={`New key for ${title}`} onClose={() => setOpen(null)} wide>
          <KeyReveal agentId={id} agentName={title} apiKey={open.key} />
          <div className="actions">
            <button type="button" className="button primary" onClick={() => setOpen(null)}>
              Done
            </button>
          </div>
        </Dialog>
      )}
    </Page>
  );
}
