import { ConfigError, loadConfig } from './config';
import { loadAiConfig } from './ai';

const files: Record<string, string> = { '/run/secrets/ai': 'sk-from-file\n', '/run/secrets/empty': '\n' };
const readFile = (path: string) => {
  if (path in files) return files[path];
  throw new Error(`ENOENT: no such file, open '${path}'`);
};
const ai = (env: NodeJS.ProcessEnv) => loadAiConfig(env, readFile);

describe('AI provider configuration (setup guides)', () => {
  it('is off with nothing set: guides are extracted from the page', () => {
    expect(loadConfig({}).ai).toBeNull();
  });

  it('reads a local Ollama (no key), OpenAI (key alone) and a gateway', () => {
    expect(
      ai({ KEYLEDGER_AI_BASE_URL: 'http://localhost:11434/v1/', KEYLEDGER_AI_MODEL: 'llama3.2' }),
    ).toEqual({
      baseUrl: 'http://localhost:11434/v1',
      apiKey: null,
      model: 'llama3.2',
    });
    expect(ai({ KEYLEDGER_AI_API_KEY: 'sk-test', KEYLEDGER_AI_MODEL: 'gpt-4o-mini' })).toEqual({
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-test',
      model: 'gpt-4o-mini',
    });
    expect(
      ai({
        KEYLEDGER_AI_BASE_URL: 'https://openrouter.ai/api/v1',
        KEYLEDGER_AI_API_KEY_FILE: '/run/secrets/ai',
        KEYLEDGER_AI_MODEL: 'openai/gpt-4o-mini',
      }),
    ).toEqual({
      baseUrl: 'https://openrouter.ai/api/v1',
      apiKey: 'sk-from-file',
      model: 'openai/gpt-4o-mini',
    });
  });

  it.each([
    [{ KEYLEDGER_AI_MODEL: 'gpt-4o-mini' }, 'KEYLEDGER_AI_BASE_URL'],
    [{ KEYLEDGER_AI_BASE_URL: 'http://localhost:11434/v1' }, 'KEYLEDGER_AI_MODEL'],
    [{ KEYLEDGER_AI_BASE_URL: 'localhost:11434', KEYLEDGER_AI_MODEL: 'm' }, 'KEYLEDGER_AI_BASE_URL'],
    [{ KEYLEDGER_AI_BASE_URL: 'ftp://models.example.com', KEYLEDGER_AI_MODEL: 'm' }, 'KEYLEDGER_AI_BASE_URL'],
    [
      { KEYLEDGER_AI_BASE_URL: 'https://u:sk-secret@gw.example.com/v1', KEYLEDGER_AI_MODEL: 'm' },
      'KEYLEDGER_AI_BASE_URL',
    ],
    [{ KEYLEDGER_AI_API_KEY: 'sk', KEYLEDGER_AI_MODEL: 'two words' }, 'KEYLEDGER_AI_MODEL'],
    [
      { KEYLEDGER_AI_API_KEY: 'sk', KEYLEDGER_AI_API_KEY_FILE: '/run/secrets/ai', KEYLEDGER_AI_MODEL: 'm' },
      'KEYLEDGER_AI_API_KEY_FILE',
    ],
    [
      { KEYLEDGER_AI_API_KEY_FILE: '/run/secrets/missing', KEYLEDGER_AI_MODEL: 'm' },
      'KEYLEDGER_AI_API_KEY_FILE',
    ],
    [
      { KEYLEDGER_AI_API_KEY_FILE: '/run/secrets/empty', KEYLEDGER_AI_MODEL: 'm' },
      'KEYLEDGER_AI_API_KEY_FILE',
    ],
  ])('refuses %j, naming %s', (env, variable) => {
    expect(() => ai(env)).toThrow(ConfigError);
    expect(() => ai(env)).toThrow(new RegExp(`^${variable}:`));
  });

  it('never puts the key in its error messages', () => {
    expect(() =>
      ai({ KEYLEDGER_AI_BASE_URL: 'https://u:sk-secret@gw.example.com/v1', KEYLEDGER_AI_MODEL: 'm' }),
    ).not.toThrow(/sk-secret/);
  });

  it('has its own rate tier, 20 per hour by default', () => {
    expect(loadConfig({}).rateTiers.ai).toEqual({ limit: 20, ttlMs: 3_600_000 });
    expect(loadConfig({ KEYLEDGER_RATE_AI: '5/1m' }).rateTiers.ai).toEqual({ limit: 5, ttlMs: 60_000 });
    expect(() => loadConfig({ KEYLEDGER_RATE_AI: 'lots' })).toThrow(/^KEYLEDGER_RATE_AI:/);
  });
});

describe('KEYLEDGER_OUTBOUND_ALLOW_PRIVATE', () => {
  it.each([
    [{}, false],
    [{ KEYLEDGER_OUTBOUND_ALLOW_PRIVATE: 'true' }, true],
    [{ KEYLEDGER_WEBHOOK_ALLOW_PRIVATE: 'true' }, true], // the old name keeps working
    [{ KEYLEDGER_OUTBOUND_ALLOW_PRIVATE: 'yes', KEYLEDGER_WEBHOOK_ALLOW_PRIVATE: '1' }, true],
    [{ KEYLEDGER_OUTBOUND_ALLOW_PRIVATE: 'false' }, false],
  ])('%j allows private targets: %s', (env, expected) => {
    expect(loadConfig(env).outboundAllowPrivate).toBe(expected);
  });

  it.each([
    [{ KEYLEDGER_OUTBOUND_ALLOW_PRIVATE: 'maybe' }, 'KEYLEDGER_OUTBOUND_ALLOW_PRIVATE'],
    [{ KEYLEDGER_WEBHOOK_ALLOW_PRIVATE: 'maybe' }, 'KEYLEDGER_WEBHOOK_ALLOW_PRIVATE'],
    [
      { KEYLEDGER_OUTBOUND_ALLOW_PRIVATE: 'false', KEYLEDGER_WEBHOOK_ALLOW_PRIVATE: 'true' },
      'KEYLEDGER_OUTBOUND_ALLOW_PRIVATE',
    ],
  ])('refuses %j, naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}:`));
  });
});
