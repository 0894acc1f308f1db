import { unwrap } from '../../api/client';
import { navigate } from '../../router';
import { useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { Page } from '../../ui/page';
import { ToolForm } from './tool-form';

export function NewToolPage() {
  const api = useApi();
  const announce = useAnnounce();
  return (
    <Page title="Add tool">
      <ToolForm
        submitLabel="Add tool"
        withSecret
        onSubmit={async (body) => {
          const { tool } = await unwrap(api.POST('/api/admin/tools', { body }));
          announce(`${tool.name} added.`);
          navigate(`/tools/${tool.id}`);
        }}
      />
    </Page>
  );
}
