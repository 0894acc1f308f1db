import { useState } from 'react';
import { unwrap } from '../../api/client';
import type { Member, Role, Tool } from '../../api/types';
import { record } from '../../session/ability';
import { useAbility, useApi } from '../../session/session';
import { Dialog } from '../../ui/dialog';
import { Form, optional, SelectField, TextField, text } from '../../ui/form';

const ROLES: Role[] = ['owner', 'admin', 'approver', 'auditor', 'viewer'];

interface Props {
  member?: Member;
  tools: Tool[];
  onClose: () => void;
  onDone: (message: string) => void;
}

/** Add a member or change one's role, name and (for approvers) the tools they decide on. */
export function MemberDialog({ member, tools, onClose, onDone }: Props) {
  const api = useApi();
  const ability = useAbility();
  const [role, setRole] = useState<Role>(member?.role ?? 'viewer');
  const [scoped, setScoped] = useState(Boolean(member?.tool_scope));
  const allowed = ROLES.filter((r) =>
    member
      ? ability.can('update', record('Member', { role: member.role, new_role: r }))
      : ability.can('create', record('Member', { new_role: r })),
  );
  const submit = async (data: FormData) => {
    const scope = role === 'approver' && scoped ? data.getAll('tool_scope').map(String) : null;
    if (member) {
      await unwrap(
        api.PATCH('/api/admin/members/{memberId}', {
          params: { path: { memberId: member.id } },
          body: { role, display_name: optional(data, 'display_name'), tool_scope: scope },
        }),
      );
      onDone(`${member.email} updated.`);
    } else {
      const email = text(data, 'email');
      await unwrap(
        api.POST('/api/admin/members', {
          body: {
            email,
            role,
            password: optional(data, 'password'),
            display_name: optional(data, 'display_name'),
            tool_scope: scope,
          },
        }),
      );
      onDone(`${email} added as ${role}.`);
    }
  };
  return (
    <Dialog title={member ? `Edit ${member.email}` : 'Add member'} onClose={onClose}>
      <Form onSubmit={submit} submitLabel={member ? 'Save' : 'Add member'} onCancel={onClose}>
        {!member && <TextField label="Email" name="email" type="email" required autoFocus />}
        <TextField
          label="Display name (optional)"
          name="display_name"
          defaultValue={member?.display_name}
          maxLength={100}
        />
        <SelectField
          label="Role"
          name="role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          options={allowed.map((r) => ({ value: r, label: r }))}
        />
        {role === 'approver' && (
          <fieldset className="checkbox-list">
            <legend>Tools this approver decides on</legend>
            <label className="checkbox">
              <input type="checkbox" checked={scoped} onChange={(e) => setScoped(e.target.checked)} /> Only
              selected tools
            </label>
            {scoped &&
              tools.map((t) => (
                <label key={t.id} className="checkbox">
                  <input
                    type="checkbox"
                    name="tool_scope"
                    value={t.id}
                    defaultChecked={member?.tool_scope?.includes(t.id)}
                  />{' '}
                  {t.name}
                </label>
              ))}
          </fieldset>
        )}
        {!member && (
          <TextField
            label="Initial password (optional)"
            name="password"
            type="password"
            autoComplete="new-password"
            hint="At least 12 characters. Leave empty for members who sign in through your identity provider."
          />
        )}
      </Form>
    </Dialog>
  );
}
