import { DUMMY_PASSWORD_HASH, hashPassword, passwordNeedsRehash, verifyPassword } from './passwords';

/**
 * Written by the `argon2` package (0.45.1, node-argon2) that hashed passwords before
 * @node-rs/argon2 replaced it: members' stored hashes must keep verifying.
 */
const LEGACY = {
  current: {
    password: 'legacy password from node-argon2 0.45.1',
    hash: '$argon2id$v=19$m=19456,p=1,t=2$CLYc/qJLsPLdcBWacOPtlQ$/7ai17DKRboHCp1cupAFb8Z8D884C8y8Z88mSj3Pjms',
  },
  weaker: {
    password: 'weaker legacy password',
    hash: '$argon2id$v=19$m=4096,p=1,t=3$hi5Rf2/ut35cGJEfs3N+4Q$yAtcOLrXYseNkpqXd/sGplZjpRPu/yr4aWLPYWq/8cY',
  },
};

describe('passwords', () => {
  it('verify hashes the previous library wrote, and keep those on the current parameters', async () => {
    await expect(verifyPassword(LEGACY.current.hash, LEGACY.current.password)).resolves.toBe(true);
    await expect(verifyPassword(LEGACY.current.hash, LEGACY.weaker.password)).resolves.toBe(false);
    expect(passwordNeedsRehash(LEGACY.current.hash)).toBe(false);
    await expect(verifyPassword(LEGACY.weaker.hash, LEGACY.weaker.password)).resolves.toBe(true);
    expect(passwordNeedsRehash(LEGACY.weaker.hash)).toBe(true);
  });

  it('write PHC strings with the current parameters', async () => {
    const hash = await hashPassword('pinned parameters');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(passwordNeedsRehash(hash)).toBe(false);
  });

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
    expect(passwordNeedsRehash('$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).toBe(
      true,
    );
    expect(passwordNeedsRehash('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
  });
});
