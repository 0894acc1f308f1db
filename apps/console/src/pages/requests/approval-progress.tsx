import { cached, unwrap } from '../../api/client';
import { memberLabel } from '../../api/lookups';
import type { AccessRequest, Member } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { Badge } from '../../ui/badge';

/** "pending · 1 of 2 approvals (Alice)" for tools whose policy wants several approvers. */
export function ApprovalProgress({
  request,
  members,
}: {
  request: AccessRequest;
  members: Member[] | undefined;
}) {
  const policy = useResource(
    (api) =>
      cached(api, `policy:${request.tool_id}`, 30_000, async () => {
        const path = { toolId: request.tool_id };
        return (await unwrap(api.GET('/api/admin/tools/{toolId}/policy', { params: { path } }))).policy;
      }),
    [request.tool_id],
  );
  const required = policy.data?.required_approvals ?? 1;
  const names = request.approvals.map((a) => memberLabel(members, a.member_id));
  return (
    <span className="approval-progress">
      <Badge value="pending" />
      {(required > 1 || names.length > 0) && (
        <span className="small">
          {' '}
          {names.length} of {required} approvals{names.length > 0 && <> ({names.join(', ')})</>}
        </span>
      )}
    </span>
  );
}
