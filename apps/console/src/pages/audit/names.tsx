import { useAgents, useMembers, useTools } from '../../api/lookups';
import { Link } from '../../router';

/** Names of the org's agents, tools and members, to turn ids in events into words and links. */
export interface Names {
  agent: (id: unknown, fallback?: string) => React.ReactNode;
  tool: (id: unknown, fallback?: string) => React.ReactNode;
  member: (id: unknown, fallback?: string) => React.ReactNode;
  agentName: (id: unknown) => string | undefined;
  toolName: (id: unknown) => string | undefined;
  memberName: (id: unknown) => string | undefined;
}

const short = (id: unknown) => (typeof id === 'string' ? `${id.slice(0, 8)}…` : 'someone');

export function useNames(): Names {
  const agents = useAgents().data;
  const tools = useTools().data;
  const members = useMembers().data;
  const agentName = (id: unknown) => agents?.find((a) => a.id === id)?.name;
  const toolName = (id: unknown) => tools?.find((t) => t.id === id)?.name;
  const memberName = (id: unknown) => {
    const m = members?.find((x) => x.id === id);
    return m ? m.display_name || m.email : undefined;
  };
  return {
    agentName,
    toolName,
    memberName,
    agent: (id, fallback) =>
      typeof id === 'string' ? (
        <Link to={`/agents/${id}`} className="name agent-name">
          {agentName(id) ?? fallback ?? short(id)}
        </Link>
      ) : (
        'an agent'
      ),
    tool: (id, fallback) =>
      typeof id === 'string' ? (
        <Link to={`/tools/${id}`} className="name tool-name">
          {toolName(id) ?? fallback ?? short(id)}
        </Link>
      ) : (
        'a tool'
      ),
    member: (id, fallback) => <strong className="name">{memberName(id) ?? fallback ?? short(id)}</strong>,
  };
}
