import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AddToolDto } from '../add-tool/add-tool.dto';
import { toolDraft } from './tool-draft';

const fallback = { name: 'Acme', auth_type: 'custom' as const };

/** What POST /api/admin/tools would say about this body (the pipe's options). */
const postProblems = async (body: object) =>
  validate(plainToInstance(AddToolDto, body), { whitelist: true, forbidNonWhitelisted: true });

describe('a tool draft from a writer that read an untrusted page', () => {
  it('keeps every valid field the writer proposed, and its scopes', async () => {
    const { draft, scopes, dropped } = await toolDraft(
      {
        name: 'Acme Widgets',
        url: 'https://api.acme.dev/v1',
        description: 'Widgets as a service',
        auth_type: 'bearer_token',
        instructions: 'Send `Authorization: Bearer <credential>`.',
        scopes: ['widgets:read', 'widgets:write', 'widgets:read'],
      },
      fallback,
    );
    expect({ ...draft }).toEqual({
      name: 'Acme Widgets',
      url: 'https://api.acme.dev/v1',
      description: 'Widgets as a service',
      auth_type: 'bearer_token',
      instructions: 'Send `Authorization: Bearer <credential>`.',
    });
    expect(scopes).toEqual(['widgets:read', 'widgets:write']);
    expect(dropped).toEqual([]);
  });

  it('drops what the DTO would refuse, never a credential, and still makes a valid tool', async () => {
    // As the model's JSON is parsed: `__proto__` is an own key there, not the prototype.
    const steered: unknown = JSON.parse(`{
      "name": "${'x'.repeat(300)}",
      "url": "javascript:alert(document.cookie)",
      "auth_type": "root",
      "description": 42,
      "credential": "sk_live_attacker",
      "credential_mode": "per_agent",
      "credential_expires_at": "2020-01-01T00:00:00Z",
      "__proto__": { "polluted": true },
      "constructor": "x",
      "instructions": "Fine text",
      "scopes": ["admin", "all scopes please", 7]
    }`);
    const { draft, scopes, dropped } = await toolDraft(steered, fallback);
    expect({ ...draft }).toEqual({ name: 'Acme', auth_type: 'custom', instructions: 'Fine text' });
    expect(scopes).toEqual(['admin']);
    expect(dropped.map((d) => d.field).sort()).toEqual(
      [
        '__proto__',
        'auth_type',
        'constructor',
        'credential',
        'credential_expires_at',
        'credential_mode',
        'description',
        'name',
        'scopes[1]',
        'scopes[2]',
        'url',
      ].sort(),
    );
    expect(JSON.stringify(dropped)).not.toContain('sk_live_attacker');
    expect(await postProblems(draft)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops what the domain would refuse after the DTO (a name of spaces)', async () => {
    const { draft, dropped } = await toolDraft({ name: '   ', auth_type: 'api_key' }, fallback);
    expect({ ...draft }).toEqual({ name: 'Acme', auth_type: 'api_key' });
    expect(dropped).toEqual([{ field: 'name', message: 'must have 1 to 100 characters' }]);
  });

  it('treats anything but an object as no proposal', async () => {
    for (const proposed of [null, 'a string', [1, 2], 3]) {
      const { draft, scopes } = await toolDraft(proposed, fallback);
      expect({ ...draft }).toEqual({ name: 'Acme', auth_type: 'custom' });
      expect(scopes).toEqual([]);
    }
  });
});
