import { deciderSpec } from '../../../event-store/src/decider-spec';
import { orgDecider } from './create-org.decider';

const spec = deciderSpec(orgDecider);

describe('create an org', () => {
  it('records OrgCreated with the trimmed name', () => {
    spec
      .given([])
      .when({ orgId: 'o1', name: '  Acme  ' })
      .then([{ type: 'OrgCreated', data: { org_id: 'o1', name: 'Acme' } }]);
  });

  it('refuses a blank or overlong name', () => {
    spec.given([]).when({ orgId: 'o1', name: '   ' }).thenThrows({ kind: 'invalid' });
    spec
      .given([])
      .when({ orgId: 'o1', name: 'x'.repeat(101) })
      .thenThrows({ kind: 'invalid' });
  });

  it('refuses to create the same org twice', () => {
    spec
      .given([{ type: 'OrgCreated', data: { org_id: 'o1', name: 'Acme' } }])
      .when({ orgId: 'o1', name: 'Acme' })
      .thenThrows({ kind: 'conflict', type: 'org-exists' });
  });
});
