import { deciderSpec } from '../../../event-store/src/decider-spec';
import { memberDecider } from './add-member.decider';

const spec = deciderSpec(memberDecider);
const added = {
  type: 'MemberAdded',
  data: { member_id: 'm1', org_id: 'o1', email: 'a@x.io', role: 'viewer' },
};

describe('add a member', () => {
  it('records MemberAdded with a normalised email and the email as display name', () => {
    spec
      .given([])
      .when({ memberId: 'm1', orgId: 'o1', email: ' Ada@Example.COM ', role: 'admin' })
      .then([
        {
          type: 'MemberAdded',
          data: {
            member_id: 'm1',
            org_id: 'o1',
            email: 'ada@example.com',
            display_name: 'ada@example.com',
            role: 'admin',
          },
        },
      ]);
  });

  it('records a tool scope without duplicates', () => {
    spec
      .given([])
      .when({ memberId: 'm1', orgId: 'o1', email: 'a@x.io', role: 'approver', toolScope: ['t1', 't1', 't2'] })
      .then([{ type: 'MemberAdded', data: { tool_scope: ['t1', 't2'] } }]);
  });

  it('refuses an empty tool scope, which would read as every tool', () => {
    spec
      .given([])
      .when({ memberId: 'm1', orgId: 'o1', email: 'a@x.io', role: 'approver', toolScope: [] })
      .thenThrows({ kind: 'invalid' });
  });

  it('refuses an unknown role, a malformed email and a second add', () => {
    spec
      .given([])
      .when({ memberId: 'm1', orgId: 'o1', email: 'a@x.io', role: 'root' as never })
      .thenThrows({ kind: 'invalid' });
    spec
      .given([])
      .when({ memberId: 'm1', orgId: 'o1', email: 'nope', role: 'viewer' })
      .thenThrows({ kind: 'invalid' });
    spec
      .given([added])
      .when({ memberId: 'm1', orgId: 'o1', email: 'a@x.io', role: 'viewer' })
      .thenThrows({ kind: 'conflict', type: 'member-exists' });
  });
});
