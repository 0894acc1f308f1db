import { deciderSpec } from '../../../event-store/src/decider-spec';
import { removeMemberDecider } from './remove-member.decider';

const spec = deciderSpec(removeMemberDecider);
const owner = {
  type: 'MemberAdded',
  data: { member_id: 'm1', org_id: 'o1', email: 'a@x.io', display_name: 'Ada', role: 'owner' },
};

describe('remove a member', () => {
  it('records MemberRemoved with the role they held', () => {
    spec
      .given([owner])
      .when({ memberId: 'm1', activeOwners: 2 })
      .then([
        { type: 'MemberRemoved', data: { member_id: 'm1', org_id: 'o1', email: 'a@x.io', role: 'owner' } },
      ]);
  });

  it('never removes the last owner', () => {
    spec.given([owner]).when({ memberId: 'm1', activeOwners: 1 }).thenThrows({ type: 'last-owner' });
  });

  it('removes a non-owner whatever the owner count', () => {
    const viewer = { ...owner, data: { ...owner.data, role: 'viewer' } };
    spec
      .given([viewer])
      .when({ memberId: 'm1', activeOwners: 1 })
      .then([{ type: 'MemberRemoved' }]);
  });

  it('is a no-op the second time, and 404 for an unknown member', () => {
    spec
      .given([owner, { type: 'MemberRemoved', data: { member_id: 'm1' } }])
      .when({ memberId: 'm1', activeOwners: 1 })
      .then([]);
    spec.given([]).when({ memberId: 'm1', activeOwners: 1 }).thenThrows({ kind: 'not_found' });
  });
});
