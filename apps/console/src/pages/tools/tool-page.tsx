import { useState } from 'react';
import { unwrap } from '../../api/client';
import type { ToolDetail } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { Link, navigate } from '../../router';
import { useAbility, useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { Badge } from '../../ui/badge';
import { Page, Section } from '../../ui/page';
import { ReasonDialog } from '../../ui/reason-dialog';
import { Loaded } from '../../ui/states';
import { InstructionSuggestions } from './instruction-suggestions';
import { InstructionsHistory } from './instructions-history';
import { PolicySection } from './policy-section';
import { SecretSection } from './secret-section';
import { ToolAccess } from './tool-access';
import { ToolForm } from './tool-form';
import { ToolSummary } from './tool-summary';

export function ToolPage({ id }: { id: string }) {
  const api = useApi();
  const ability = useAbility();
  const announce = useAnnounce();
  const [retiring, setRetiring] = useState(false);
  const tool = useResource(
    async (a) => (await unwrap(a.GET('/api/admin/tools/{id}', { params: { path: { id } } }))).tool,
    [id],
  );
  const retire = async (reason: string) => {
    await unwrap(
      api.DELETE('/api/admin/tools/{id}', { params: { path: { id } }, body: reason ? { reason } : {} }),
    );
    setRetiring(false);
    announce('Tool retired: no agent can fetch its credential any more.');
    navigate('/tools');
  };
  const editable = ability.can('update', 'Tool');
  return (
    <Page title={tool.data?.name ?? 'Tool'} actions={<Link to="/tools">All tools</Link>}>
      <Loaded resource={tool} what="Tool">
        {(t: ToolDetail) => (
          <>
            <ToolSummary tool={t} />
            {t.status === 'active' && <SecretSection tool={t} onChange={tool.reload} />}
            <ToolAccess toolId={t.id} />
            <PolicySection toolId={t.id} />
            <Section title="Details">
              {editable && t.status === 'active' ? (
                <ToolForm
                  key={t.updated_at}
                  initial={t}
                  submitLabel="Save changes"
                  onSubmit={async (body) => {
                    await unwrap(api.PATCH('/api/admin/tools/{id}', { params: { path: { id } }, body }));
                    announce('Tool saved.');
                    tool.reload();
                  }}
                />
              ) : (
                <pre className="instructions">{t.instructions || 'No usage instructions.'}</pre>
              )}
            </Section>
            <InstructionsHistory tool={t} onChange={tool.reload} />
            {t.status === 'active' && (
              <InstructionSuggestions toolId={t.id} instructions={t.instructions} onChange={tool.reload} />
            )}
            {t.status === 'active' && ability.can('delete', 'Tool') && (
              <Section title="Retire">
                <p>Retiring ends every grant’s access to this tool. The history stays in the audit log.</p>
                <button type="button" className="button danger" onClick={() => setRetiring(true)}>
                  Retire tool
                </button>
              </Section>
            )}
            {t.status === 'retired' && <Badge value="retired" />}
          </>
        )}
      </Loaded>
      {retiring && (
        <ReasonDialog
          title="Retire tool"
          submitLabel="Retire"
          danger
          optional
          onSubmit={retire}
          onClose={() => setRetiring(false)}
        />
      )}
    </Page>
  );
}
