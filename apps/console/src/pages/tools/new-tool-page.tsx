import { useState } from 'react';
import { unwrap } from '../../api/client';
import type { SetupGuideFields } from '../../api/types';
import { navigate } from '../../router';
import { useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { Page, Section } from '../../ui/page';
import { DraftFromDocs } from './draft-from-docs';
import { ToolForm, type ToolFormValues } from './tool-form';

export function NewToolPage() {
  const api = useApi();
  const announce = useAnnounce();
  // A new draft remounts the form with its values; the admin edits from there.
  const [draft, setDraft] = useState<{ values: ToolFormValues; version: number }>({ values: {}, version: 0 });
  const fill = ({ draft: fields }: SetupGuideFields) =>
    setDraft((d) => ({ values: { ...fields }, version: d.version + 1 }));
  return (
    <Page title="Add tool">
      <DraftFromDocs onDraft={fill} />
      <Section title="Tool">
        <ToolForm
          key={draft.version}
          initial={draft.values}
          submitLabel="Add tool"
          withSecret
          onSubmit={async (body) => {
            const { tool } = await unwrap(api.POST('/api/admin/tools', { body }));
            announce(`${tool.name} added.`);
            navigate(`/tools/${tool.id}`);
          }}
        />
      </Section>
    </Page>
  );
}
