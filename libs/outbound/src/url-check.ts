import { type AddressGate, bareHost, resolveTarget, type Resolver, TargetRefused } from './target';

export const ALLOW_PRIVATE_HINT = 'set KEYLEDGER_OUTBOUND_ALLOW_PRIVATE=true to allow private addresses';

const LOCAL_NAME = /\.(localhost|local|internal|home\.arpa)$/;

/**
 * Refuses, before any request, targets that are clearly not allowed: other schemes, names
 * that are local by definition, and hosts that resolve to refused addresses now. A name that
 * does not resolve yet passes; the request itself checks every hop again anyway.
 * Throws TargetRefused with a message meant for the caller (it names the setting to change).
 */
export async function checkOutboundUrl(
  raw: string,
  gate: AddressGate,
  resolve: Resolver,
  allowPrivate: boolean,
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TargetRefused('must use http or https');
  const host = bareHost(url).toLowerCase().replace(/\.$/, '');
  if (!allowPrivate && (host === 'localhost' || LOCAL_NAME.test(host))) {
    throw new TargetRefused(`${host} is a local name; ${ALLOW_PRIVATE_HINT}`);
  }
  try {
    await resolveTarget(url, gate, withTimeout(resolve, 3000));
  } catch (error) {
    if (error instanceof TargetRefused && !/does not resolve/.test(error.message)) {
      throw new TargetRefused(`${error.message}; ${ALLOW_PRIVATE_HINT}`);
    }
    // Resolution failed or timed out: not "clearly private", so the request-time check decides.
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
