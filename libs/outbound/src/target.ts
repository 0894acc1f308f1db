import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress } from './ip-address';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

/** Every address the system resolver gives, in its own order (what a connect would try). */
export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** A target that must not be reached: private, loopback, link-local and the like. */
export class TargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefused';
  }
}

/**
 * Which addresses an outbound call (webhook, docs page, proxy) may reach: a reason to refuse, or
 * null. `allowPrivate` is KEYLEDGER_OUTBOUND_ALLOW_PRIVATE (old name KEYLEDGER_WEBHOOK_ALLOW_PRIVATE).
 */
export type AddressGate = (address: string) => string | null;

export const gateFor =
  (allowPrivate: boolean): AddressGate =>
  (address) => {
    if (allowPrivate) return null;
    const cls = classifyAddress(address);
    return cls === 'public' ? null : cls;
  };

export const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/**
 * Resolves the URL's host and checks every address it resolves to; any refused address
 * refuses the target (a name that resolves to both public and private addresses is exactly
 * the trick to avoid). Returns the address to connect to, so the check and the connection
 * see the same answer (no DNS rebinding between them).
 */
export async function resolveTarget(
  url: URL,
  gate: AddressGate,
  resolve: Resolver,
): Promise<ResolvedAddress> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TargetRefused(`${url.protocol} URLs are not allowed; use http or https`);
  }
  const host = bareHost(url);
  const family = isIP(host);
  const addresses: ResolvedAddress[] = family
    ? [{ address: host, family: family as 4 | 6 }]
    : await resolve(host);
  if (addresses.length === 0) throw new TargetRefused(`${host} does not resolve`);
  for (const { address } of addresses) {
    const why = gate(address);
    if (why) throw new TargetRefused(`${host} resolves to a ${why} address (${address})`);
  }
  return addresses[0];
}
