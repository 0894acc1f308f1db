import { deciderSpec } from '../../../event-store/src/decider-spec';
import { updateMemberDecider } from './update-member.decider';

const spec = deciderSpec(updateMemberDecider);
const owner = {
  type: 'MemberAdded',
  data: { member_id: 'm1', org_id: 'o1', email: 'a@x.io', display_name: 'Ada', role: 'owner' },
};
const approver = { ...owner, data: { ...owner.data, role: 'approver', tool_scope: ['t1'] } };

describe('update a member', () => {
  it('records MemberRoleChanged with the previous role', () => {
    spec
      .given([owner])
      .when({ memberId: 'm1', role: 'admin', activeOwners: 2 })
      .then([{ type: 'MemberRoleChanged', data: { role: 'admin', previous_role: 'owner', org_id: 'o1' } }]);
  });

  it('never demotes the last owner', () => {
    spec
      .given([owner])
      .when({ memberId: 'm1', role: 'admin', activeOwners: 1 })
      .thenThrows({ kind: 'conflict', type: 'last-owner' });
  });

  it('lets the last owner be renamed', () => {
    spec
      .given([owner])
      .when({ memberId: 'm1', role: 'owner', displayName: 'Ada L.', activeOwners: 1 })
      .then([{ type: 'MemberUpdated', data: { display_name: 'Ada L.' } }]);
  });

  it('records only the fields that change, and nothing for no change', () => {
    spec
      .given([approver])
      .when({ memberId: 'm1', displayName: 'Ada', toolScope: ['t1', 't2'], activeOwners: 0 })
      .then([{ type: 'MemberUpdated', data: { tool_scope: ['t1', 't2'] } }]);
    spec
      .given([approver])
      .when({ memberId: 'm1', displayName: 'Ada', toolScope: ['t1'], activeOwners: 0 })
      .then([]);
  });

  it('lifts a tool scope with null', () => {
    spec
      .given([approver])
      .when({ memberId: 'm1', toolScope: null, activeOwners: 0 })
      .then([{ type: 'MemberUpdated', data: { tool_scope: null } }]);
  });

  it('refuses a removed or unknown member', () => {
    spec
      .given([approver, { type: 'MemberRemoved', data: { member_id: 'm1' } }])
      .when({ memberId: 'm1', role: 'viewer', activeOwners: 0 })
      .thenThrows({ kind: 'conflict', type: 'member-removed' });
    spec
      .given([])
      .when({ memberId: 'm1', role: 'viewer', activeOwners: 0 })
      .thenThrows({ kind: 'not_found' });
  });
});
