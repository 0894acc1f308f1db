import { unwrap } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { Loaded } from '../../ui/states';

/** Separation of duties: whoever registered an agent may not approve its requests. */
export function OrgPolicyCard() {
  const api = useApi();
  const announce = useAnnounce();
  const policy = useResource(async (a) => (await unwrap(a.GET('/api/admin/policy'))).policy, []);
  const set = async (on: boolean) => {
    try {
      await unwrap(api.PUT('/api/admin/policy', { body: { separation_of_duties: on } }));
      announce(on ? 'Separation of duties is on.' : 'Separation of duties is off.');
    } catch (error) {
      announce(`Could not change the policy: ${(error as Error).message}`, 'error');
    }
    policy.reload();
  };
  return (
    <section className="card" aria-labelledby="ov-policy">
      <h2 id="ov-policy">Org policy</h2>
      <Loaded resource={policy} what="Org policy">
        {(p) => (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={p.separation_of_duties}
              onChange={(e) => void set(e.target.checked)}
            />{' '}
            Separation of duties: a member may not approve requests from agents they registered
          </label>
        )}
      </Loaded>
    </section>
  );
}
