import { useState } from 'react';
import { unwrap } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { useAbility, useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { ReasonDialog } from '../../ui/reason-dialog';
import { Loaded } from '../../ui/states';

/**
 * Separation of duties: whoever registered an agent may not approve its requests. It binds
 * admins too, so only owners may change it (the same CASL rule as the API), saying why.
 */
export function OrgPolicyCard() {
  const api = useApi();
  const ability = useAbility();
  const announce = useAnnounce();
  const [turning, setTurning] = useState<boolean | null>(null);
  const policy = useResource(async (a) => (await unwrap(a.GET('/api/admin/policy'))).policy, []);
  const mayChange = ability.can('update', 'OrgPolicy');
  const set = async (on: boolean, reason: string) => {
    await unwrap(api.PUT('/api/admin/policy', { body: { separation_of_duties: on, reason } }));
    setTurning(null);
    announce(on ? 'Separation of duties is on.' : 'Separation of duties is off.');
    policy.reload();
  };
  return (
    <section className="card" id="org-policy" aria-labelledby="ov-policy">
      <h2 id="ov-policy">Org policy</h2>
      <Loaded resource={policy} what="Org policy">
        {(p) => (
          <>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={p.separation_of_duties}
                disabled={!mayChange}
                aria-describedby={mayChange ? undefined : 'ov-policy-owners'}
                onChange={(e) => setTurning(e.target.checked)}
              />{' '}
              Separation of duties: a member may not approve requests from agents they registered
            </label>
            {!mayChange && (
              <p id="ov-policy-owners" className="muted small">
                Only an owner may change this.
              </p>
            )}
          </>
        )}
      </Loaded>
      {turning !== null && (
        <ReasonDialog
          title={turning ? 'Turn separation of duties on' : 'Turn separation of duties off'}
          submitLabel={turning ? 'Turn on' : 'Turn off'}
          busyLabel="Saving…"
          danger={!turning}
          minLength={3}
          hint="Recorded in the audit log with the change."
          onSubmit={(reason) => set(turning, reason)}
          onClose={() => setTurning(null)}
        />
      )}
    </section>
  );
}
