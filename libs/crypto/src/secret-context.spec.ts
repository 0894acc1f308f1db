import { dataKeyAad, secretAad, SecretContext } from './secret-context';

const base: SecretContext = { orgId: 'org', toolId: 'tool', version: 1 };

describe('secret context encoding', () => {
  it('never encodes two different contexts alike, even when the ids concatenate alike', () => {
    const contexts: SecretContext[] = [
      base,
      { ...base, orgId: 'or', toolId: 'gtool' },
      { ...base, orgId: 'org","tool', toolId: 'x' },
      { ...base, version: 11 },
      { ...base, scope: 'agent' },
      { ...base, scope: 'null' },
      { ...base, toolId: 'tool', scope: '1' },
    ];
    const encodings = contexts.map((c) => secretAad(c).toString('hex'));
    expect(new Set(encodings).size).toBe(contexts.length);
  });

  it('separates the secret AAD from the data-key AAD', () => {
    expect(secretAad(base).equals(dataKeyAad(base))).toBe(false);
  });

  it('is stable, because stored ciphertexts depend on it byte for byte', () => {
    expect(secretAad({ ...base, scope: 'agent-1' }).toString('utf8')).toBe(
      '["keyledger/secret/v1","org","tool",1,"agent-1"]',
    );
    expect(dataKeyAad(base).toString('utf8')).toBe('["keyledger/data-key/v1","org","tool",1,null]');
  });
});
