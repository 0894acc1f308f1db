import { deciderSpec } from '../../../event-store/src/decider-spec';
import { orgPolicyDecider } from './org-policy.decider';

const spec = deciderSpec(orgPolicyDecider);
const OFF = {
  type: 'OrgPolicyChanged',
  data: { org_id: 'o1', separation_of_duties: false, previous_separation_of_duties: true, reason: 'solo' },
};

describe('the org policy: separation of duties', () => {
  it('records who turned it off, from what to what, and why', () => {
    spec
      .given([{ type: 'OrgCreated', data: { org_id: 'o1', name: 'Acme' } }])
      .when({ orgId: 'o1', on: false, reason: '  one-person test org  ' })
      .then([
        {
          type: 'OrgPolicyChanged',
          data: {
            org_id: 'o1',
            separation_of_duties: false,
            previous_separation_of_duties: true,
            reason: 'one-person test org',
          },
        },
      ]);
  });

  it('records turning it back on against the value the stream holds', () => {
    spec
      .given([OFF])
      .when({ orgId: 'o1', on: true, reason: 'second admin joined' })
      .then([
        {
          type: 'OrgPolicyChanged',
          data: { separation_of_duties: true, previous_separation_of_duties: false },
        },
      ]);
  });

  it('records nothing when the value does not change', () => {
    spec.given([]).when({ orgId: 'o1', on: true, reason: 'just in case' }).then([]);
    spec.given([OFF]).when({ orgId: 'o1', on: false, reason: 'again' }).then([]);
  });

  it('refuses a change without a reason', () => {
    spec.given([]).when({ orgId: 'o1', on: false, reason: '  ' }).thenThrows({ kind: 'invalid' });
  });
});
