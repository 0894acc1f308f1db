import { useId, useState } from 'react';
import { navigate } from '../router';
import { Dialog } from '../ui/dialog';
import { Form, raw, TextField } from '../ui/form';
import { useSignedIn } from './session';

/**
 * For members of several orgs. A token is bound to one org, so switching signs in again; the
 * password is asked for each time rather than kept in memory.
 */
export function OrgSwitcher() {
  const { session, signIn } = useSignedIn();
  const [target, setTarget] = useState<string | null>(null);
  const id = useId();
  const current = session.orgs.find((o) => o.org_id === session.orgId);
  if (session.orgs.length < 2) {
    return <span className="org-name">{current?.name ?? 'Your org'}</span>;
  }
  const wanted = session.orgs.find((o) => o.org_id === target);
  return (
    <div className="org-switcher">
      <label htmlFor={id} className="visually-hidden">
        Organization
      </label>
      <select id={id} value={session.orgId} onChange={(e) => setTarget(e.target.value)}>
        {session.orgs.map((o) => (
          <option key={o.org_id} value={o.org_id}>
            {o.name} ({o.role})
          </option>
        ))}
      </select>
      {wanted && (
        <Dialog title={`Switch to ${wanted.name}`} onClose={() => setTarget(null)}>
          <p>
            You are signed in to {current?.name}. Enter your password to sign in to {wanted.name} as{' '}
            {wanted.role}.
          </p>
          <Form
            submitLabel="Sign in"
            onSubmit={async (data) => {
              await signIn(session.email, raw(data, 'password'), wanted.org_id);
              setTarget(null);
              navigate('/', { replace: true });
            }}
            onCancel={() => setTarget(null)}
          >
            <TextField
              label="Password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              autoFocus
            />
          </Form>
        </Dialog>
      )}
    </div>
  );
}
