import { ConfigError, loadConfig } from '../../config/src/config';
import { loadNotificationsConfig } from './notifications.config';

const fromEnv = (env: NodeJS.ProcessEnv) => loadNotificationsConfig(loadConfig(env));

describe('notifications config', () => {
  it('has production defaults', () => {
    expect(fromEnv({})).toEqual({
      allowPrivate: false,
      consoleUrl: 'http://localhost:3000',
      retryBaseMs: 10_000,
      maxAttempts: 10,
      timeoutMs: 10_000,
      pollMs: 250,
      slackApiUrl: 'https://slack.com/api/',
    });
  });

  it('points the Slack client at KEYLEDGER_SLACK_API_URL, and refuses a non-URL naming it', () => {
    expect(fromEnv({ KEYLEDGER_SLACK_API_URL: 'http://127.0.0.1:9/api' }).slackApiUrl).toBe(
      'http://127.0.0.1:9/api/',
    );
    expect(() => fromEnv({ KEYLEDGER_SLACK_API_URL: 'slack' })).toThrow(/KEYLEDGER_SLACK_API_URL/);
  });

  it('reads the tuning variables and the console URL', () => {
    const config = fromEnv({
      KEYLEDGER_WEBHOOK_ALLOW_PRIVATE: 'true',
      KEYLEDGER_PUBLIC_URL: 'https://keys.example.com/',
      KEYLEDGER_WEBHOOK_RETRY_BASE_MS: '50',
      KEYLEDGER_WEBHOOK_MAX_ATTEMPTS: '3',
    });
    expect(config).toMatchObject({
      allowPrivate: true,
      consoleUrl: 'https://keys.example.com',
      retryBaseMs: 50,
      maxAttempts: 3,
      pollMs: 50,
    });
  });

  it.each([
    ['KEYLEDGER_WEBHOOK_RETRY_BASE_MS', 'soon'],
    ['KEYLEDGER_WEBHOOK_RETRY_BASE_MS', '0'],
    ['KEYLEDGER_WEBHOOK_MAX_ATTEMPTS', '1.5'],
    ['KEYLEDGER_WEBHOOK_TIMEOUT_MS', '10'],
  ])('refuses %s=%s, naming the variable', (variable, value) => {
    expect(() => fromEnv({ [variable]: value })).toThrow(ConfigError);
    expect(() => fromEnv({ [variable]: value })).toThrow(new RegExp(`^${variable}:`));
  });
});
