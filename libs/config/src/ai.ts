import { readFileSync } from 'node:fs';
import { ConfigError } from './errors';

/**
 * The model that writes setup guides (docs/adr/0019): any OpenAI-compatible chat-completions
 * endpoint. Operator configuration, so trusted like DATABASE_URL: it is not put through the
 * outbound guard, and a local Ollama on loopback is fine.
 */
export interface AiConfig {
  /** e.g. https://api.openai.com/v1, https://openrouter.ai/api/v1, http://localhost:11434/v1 */
  baseUrl: string;
  /** Sent as a bearer token; null for endpoints that need none (a local Ollama). */
  apiKey: string | null;
  model: string;
}

const OPENAI = 'https://api.openai.com/v1';

function baseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('KEYLEDGER_AI_BASE_URL', `is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError('KEYLEDGER_AI_BASE_URL', 'must be an http:// or https:// URL');
  }
  if (url.username || url.password) {
    // A secret in a URL ends up in logs and errors; the key has its own variable.
    throw new ConfigError('KEYLEDGER_AI_BASE_URL', 'must not carry credentials; use KEYLEDGER_AI_API_KEY');
  }
  return raw.replace(/\/+$/, '');
}

function apiKey(env: NodeJS.ProcessEnv, readFile: (path: string) => string): string | null {
  const inline = env.KEYLEDGER_AI_API_KEY?.trim() ?? '';
  const file = env.KEYLEDGER_AI_API_KEY_FILE?.trim() ?? '';
  if (inline && file) {
    throw new ConfigError('KEYLEDGER_AI_API_KEY_FILE', 'set KEYLEDGER_AI_API_KEY or its _FILE, not both');
  }
  if (!file) return inline || null;
  let key: string;
  try {
    key = readFile(file).trim();
  } catch (error) {
    throw new ConfigError('KEYLEDGER_AI_API_KEY_FILE', `cannot be read: ${(error as Error).message}`);
  }
  if (!key) throw new ConfigError('KEYLEDGER_AI_API_KEY_FILE', 'is empty');
  return key;
}

/**
 * Part of loadConfig. Nothing set: no provider, and setup guides are extracted from the page.
 * A key alone means OpenAI; a model is always required once a provider is meant.
 */
export function loadAiConfig(
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): AiConfig | null {
  const rawBase = env.KEYLEDGER_AI_BASE_URL?.trim() ?? '';
  const key = apiKey(env, readFile);
  const model = env.KEYLEDGER_AI_MODEL?.trim() ?? '';
  if (!rawBase && !key) {
    if (model) {
      throw new ConfigError(
        'KEYLEDGER_AI_BASE_URL',
        'is required with KEYLEDGER_AI_MODEL (or set KEYLEDGER_AI_API_KEY for OpenAI)',
      );
    }
    return null;
  }
  if (!model) {
    throw new ConfigError(
      'KEYLEDGER_AI_MODEL',
      'is required once an AI provider is configured (e.g. gpt-4o-mini)',
    );
  }
  if (model.length > 200 || !/^[\x21-\x7e]+$/.test(model)) {
    throw new ConfigError('KEYLEDGER_AI_MODEL', 'must be a model name without spaces');
  }
  return { baseUrl: rawBase ? baseUrl(rawBase) : OPENAI, apiKey: key, model };
}
