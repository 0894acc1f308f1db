import { cached, unwrap } from './client';
import type { Agent, Member, Tool } from './types';
import { type Resource, useResource } from './use-resource';

const TTL_MS = 30_000;

/** The org's tools (all statuses), for names, filters and credential modes. */
export function useTools(): Resource<Tool[]> {
  return useResource(
    (api) =>
      cached(api, 'tools', TTL_MS, async () => {
        const page = await unwrap(
          api.GET('/api/admin/tools', { params: { query: { status: 'all', limit: 200 } } }),
        );
        return page.tools;
      }),
    [],
  );
}

export function useAgents(): Resource<Agent[]> {
  return useResource(
    (api) =>
      cached(api, 'agents', TTL_MS, async () => {
        const page = await unwrap(api.GET('/api/admin/agents', { params: { query: { limit: 200 } } }));
        return page.agents;
      }),
    [],
  );
}

/** Members, to show who approved; any signed-in member may read them. */
export function useMembers(): Resource<Member[]> {
  return useResource(
    (api) =>
      cached(api, 'members', TTL_MS, async () => {
        const page = await unwrap(api.GET('/api/admin/members', { params: { query: { limit: 200 } } }));
        return page.members;
      }),
    [],
  );
}

export function memberLabel(members: Member[] | undefined, id: string | null | undefined): string {
  if (!id) return '—';
  const m = members?.find((x) => x.id === id);
  return m ? m.display_name || m.email : id.slice(0, 8);
}
