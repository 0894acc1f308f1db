import { DUMMY_PASSWORD_HASH, hashPassword, passwordNeedsRehash, verifyPassword } from './passwords';

describe('passwords', () => {
  it('hash with argon2id and verify true only for the right password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,/);
    expect(hash).not.toContain('correct horse');
    await expect(verifyPassword(hash, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'correct horse battery stapler')).resolves.toBe(false);
    await expect(verifyPassword(hash, '')).resolves.toBe(false);
  });

  it('salt every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('answer false, never throw, for a malformed hash', async () => {
    for (const hash of [
      '',
      'not a hash',
      '$argon2id$',
      '$2b$10$abcdefghijklmnopqrstuv',
      DUMMY_PASSWORD_HASH.slice(0, 40),
    ]) {
      await expect(verifyPassword(hash, 'anything')).resolves.toBe(false);
    }
    await expect(verifyPassword(null as unknown as string, 'anything')).resolves.toBe(false);
  });

  it('keep the dummy hash on the current parameters, so unknown emails cost the same', async () => {
    expect(passwordNeedsRehash(DUMMY_PASSWORD_HASH)).toBe(false);
    await expect(verifyPassword(DUMMY_PASSWORD_HASH, 'anything')).resolves.toBe(false);
  });

  it('flag hashes made with weaker parameters or another algorithm for re-hashing', () => {
    expect(passwordNeedsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).toBe(
      true,
    );
    expect(passwordNeedsRehash('$2b$10$abcdefghijklmnopqrstuv')).toBe(true);
  });
});
