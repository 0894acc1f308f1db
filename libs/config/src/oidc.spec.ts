import { ConfigError } from './errors';
import { loadOidcConfig } from './oidc';

describe('OIDC configuration', () => {
  it('is off when no issuer is set', () => {
    expect(loadOidcConfig({})).toBeNull();
  });

  it('defaults the JWKS to the issuer’s well-known path', () => {
    expect(
      loadOidcConfig({
        KEYLEDGER_OIDC_ISSUER: 'https://id.example.com/',
        KEYLEDGER_OIDC_AUDIENCE: 'keyledger',
      }),
    ).toEqual({
      issuer: 'https://id.example.com/',
      audience: 'keyledger',
      jwksUri: 'https://id.example.com/.well-known/jwks.json',
    });
  });

  it.each([
    [{ KEYLEDGER_OIDC_ISSUER: 'https://id.example.com' }, 'KEYLEDGER_OIDC_AUDIENCE'],
    [{ KEYLEDGER_OIDC_AUDIENCE: 'keyledger' }, 'KEYLEDGER_OIDC_ISSUER'],
    [{ KEYLEDGER_OIDC_ISSUER: 'not a url', KEYLEDGER_OIDC_AUDIENCE: 'a' }, 'KEYLEDGER_OIDC_ISSUER'],
    [
      { KEYLEDGER_OIDC_ISSUER: 'http://id.example.com', KEYLEDGER_OIDC_AUDIENCE: 'a' },
      'KEYLEDGER_OIDC_ISSUER',
    ],
    [
      {
        KEYLEDGER_OIDC_ISSUER: 'https://id.example.com',
        KEYLEDGER_OIDC_AUDIENCE: 'a',
        KEYLEDGER_OIDC_JWKS_URI: 'http://keys.example.com/jwks',
      },
      'KEYLEDGER_OIDC_JWKS_URI',
    ],
  ])('refuses %j, naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadOidcConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
  });

  it('allows plain http on loopback only', () => {
    const config = loadOidcConfig({
      KEYLEDGER_OIDC_ISSUER: 'http://127.0.0.1:4000',
      KEYLEDGER_OIDC_AUDIENCE: 'a',
    });
    expect(config?.jwksUri).toBe('http://127.0.0.1:4000/.well-known/jwks.json');
  });
});
