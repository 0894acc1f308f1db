import { unwrap } from '../../api/client';
import { useAgents, useMembers, useTools } from '../../api/lookups';
import { useResource } from '../../api/use-resource';
import { Link } from '../../router';

/**
 * The first run, step by step: add a tool, register an agent, hand it its key and onboarding
 * text, approve its first request. Each step is done when the org shows it; the card goes
 * when all four are.
 */
export function GetStarted() {
  const tools = useTools();
  const agents = useAgents();
  const members = useMembers();
  const activity = useResource(async (api) => {
    const [requests, grants, policy] = await Promise.all([
      unwrap(api.GET('/api/admin/requests', { params: { query: { status: 'all', limit: 1 } } })),
      unwrap(api.GET('/api/admin/grants', { params: { query: { status: 'all', limit: 1 } } })),
      unwrap(api.GET('/api/admin/policy')),
    ]);
    return {
      requested: requests.requests.length > 0,
      granted: grants.grants.length > 0,
      sod: policy.policy.separation_of_duties,
    };
  }, []);
  if (!tools.data || !agents.data || !activity.data) return null;
  const firstAgent = agents.data[0];
  const steps = [
    {
      done: tools.data.length > 0,
      text: 'Add a tool with its secret',
      link: <Link to="/tools/new">Add a tool</Link>,
    },
    {
      done: agents.data.length > 0,
      text: 'Register an agent',
      link: <Link to="/agents?register=1">Register an agent</Link>,
    },
    {
      done: activity.data.requested,
      text: 'Hand the agent its key and onboarding text; it asks for access',
      link: firstAgent ? (
        <Link to={`/agents/${firstAgent.id}`}>Open {firstAgent.name}’s onboarding text</Link>
      ) : null,
    },
    {
      done: activity.data.granted,
      text: 'Approve its first request',
      link: <Link to="/requests">Open the queue</Link>,
    },
  ];
  if (steps.every((s) => s.done)) return null;
  const alone = (members.data?.length ?? 0) <= 1;
  return (
    <section className="card get-started" aria-labelledby="ov-start">
      <h2 id="ov-start">Get started</h2>
      <ol className="checklist">
        {steps.map((s) => (
          <li key={s.text} className={s.done ? 'done' : undefined}>
            <span aria-hidden="true">{s.done ? '✓' : '○'}</span> {s.text}
            <span className="visually-hidden">{s.done ? ' (done)' : ' (to do)'}</span>
            {!s.done && s.link && <> · {s.link}</>}
          </li>
        ))}
      </ol>
      {alone && activity.data.sod && (
        <p className="muted small">
          You are the only member, and separation of duties is on: nobody may approve requests from an agent
          they registered. Add a second member to approve, or, in a one-person organisation, an owner turns
          the rule off under <a href="#org-policy">Org policy</a>, giving a reason that the audit log keeps.
        </p>
      )}
    </section>
  );
}
