import { StartupError, startupFailureMessage } from './startup-error';

describe('startupFailureMessage', () => {
  it('prints a start-up error as its cause and its fix', () => {
    expect(startupFailureMessage(new StartupError('the disk is full', 'free some space'))).toBe(
      'the disk is full\n  fix: free some space',
    );
  });

  it('names the database that cannot be reached or refuses the login, never the stack', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 5432,
    });
    expect(startupFailureMessage(refused)).toMatch(
      /^cannot reach PostgreSQL at 127.0.0.1:5432 \(ECONNREFUSED\)\n {2}fix: /,
    );
    const login = Object.assign(new Error('password authentication failed for user "kl"'), { code: '28P01' });
    expect(startupFailureMessage(login)).toMatch(/the password was refused .*\n {2}fix: correct the user/);
    const busy = Object.assign(new Error('listen EADDRINUSE'), {
      code: 'EADDRINUSE',
      syscall: 'listen',
      port: 3000,
    });
    expect(startupFailureMessage(busy)).toBe(
      'the HTTP port 3000 is already in use (EADDRINUSE)\n  fix: set PORT to a free port (or HOST)',
    );
    expect(startupFailureMessage(new Error('something else'))).toBe('something else');
  });
});
