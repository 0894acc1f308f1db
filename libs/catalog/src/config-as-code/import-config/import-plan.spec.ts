import type { CatalogEntry } from '../catalog-document';
import { planImport } from './import-plan';

const github: CatalogEntry = {
  id: 't1',
  name: 'GitHub',
  url: 'https://api.github.com',
  description: 'Source hosting',
  auth_type: 'bearer_token',
  credential_mode: 'shared',
  instructions: 'Use the REST API.',
  credential_expires_at: '2030-01-01T00:00:00.000Z',
};
const { id: _id, ...githubDoc } = github;

describe('import plan', () => {
  it('finds no change in the catalog it was exported from', () => {
    expect(planImport([githubDoc], [github], { prune: true })).toEqual([]);
  });

  it('ignores spelling that means the same value', () => {
    const same = { ...githubDoc, name: 'github', credential_expires_at: '2030-01-01T01:00:00+01:00' };
    expect(planImport([same], [github], { prune: false })).toEqual([
      { action: 'update', tool: 'GitHub', tool_id: 't1', fields: { name: 'github' } },
    ]);
  });

  it('plans creates, field updates, policy changes and (only when pruning) retirements', () => {
    const doc = [
      { ...githubDoc, instructions: 'Use GraphQL.', policy: { required_approvals: 2 } },
      { name: 'Slack', auth_type: 'bearer_token' as const },
    ];
    const stale: CatalogEntry = { ...github, id: 't2', name: 'Jenkins' };
    expect(planImport(doc, [github, stale], { prune: true })).toEqual([
      {
        action: 'update',
        tool: 'GitHub',
        tool_id: 't1',
        fields: {
          instructions: 'Use GraphQL.',
          policy: { required_approvals: 2, max_duration_seconds: null, auto_approve: null },
        },
      },
      {
        action: 'create',
        tool: 'Slack',
        tool_id: null,
        fields: { name: 'Slack', auth_type: 'bearer_token' },
      },
      { action: 'retire', tool: 'Jenkins', tool_id: 't2', fields: {} },
    ]);
    expect(planImport(doc, [github, stale], { prune: false }).map((c) => c.action)).toEqual([
      'update',
      'create',
    ]);
  });

  it('refuses a document that names a tool twice', () => {
    expect(() => planImport([githubDoc, { ...githubDoc, name: ' github ' }], [], { prune: false })).toThrow(
      /tools.1.name/,
    );
  });
});
