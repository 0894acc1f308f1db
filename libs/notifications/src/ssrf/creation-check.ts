import { DomainError } from '../../../common/src/domain-error';
import { type AddressGate, bareHost, resolveTarget, type Resolver, TargetRefused } from './target';

const refused = (message: string) =>
  new DomainError('invalid', 'webhook-target-refused', `url: ${message}`, {
    errors: [{ field: 'url', message }],
  });

/**
 * Refuses, at creation, targets that are clearly not allowed: other schemes, names that are
 * local by definition, and hosts that resolve to refused addresses now. A name that does not
 * resolve yet is accepted; every delivery checks again anyway.
 */
export async function checkWebhookUrl(
  raw: string,
  gate: AddressGate,
  resolve: Resolver,
  allowPrivate: boolean,
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused('must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refused('must use http or https');
  const host = bareHost(url).toLowerCase().replace(/\.$/, '');
  if (!allowPrivate && (host === 'localhost' || /\.(localhost|local|internal|home\.arpa)$/.test(host))) {
    throw refused(
      `${host} is a local name; set KEYLEDGER_WEBHOOK_ALLOW_PRIVATE=true for on-premise receivers`,
    );
  }
  try {
    await resolveTarget(url, gate, withTimeout(resolve, 3000));
  } catch (error) {
    if (error instanceof TargetRefused && !/does not resolve/.test(error.message)) {
      throw refused(`${error.message}; set KEYLEDGER_WEBHOOK_ALLOW_PRIVATE=true for on-premise receivers`);
    }
    // Resolution failed or timed out: not "clearly private", so the delivery-time check decides.
  }
  return url;
}

function withTimeout(resolve: Resolver, ms: number): Resolver {
  return (host) =>
    new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('DNS timeout')), ms);
      resolve(host).then(
        (addresses) => {
          clearTimeout(timer);
          ok(addresses);
        },
        (error: unknown) => {
          clearTimeout(timer);
          fail(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
}
