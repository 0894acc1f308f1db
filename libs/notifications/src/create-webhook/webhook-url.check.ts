import { DomainError } from '../../../common/src/domain-error';
import { type AddressGate, checkOutboundUrl, type Resolver, TargetRefused } from '../../../outbound/src';

/**
 * A webhook target, checked at creation by the outbound guard (libs/outbound): a refusal is a
 * 400 problem on the `url` field. Every delivery checks each hop again.
 */
export async function checkWebhookUrl(
  raw: string,
  gate: AddressGate,
  resolve: Resolver,
  allowPrivate: boolean,
): Promise<URL> {
  try {
    return await checkOutboundUrl(raw, gate, resolve, allowPrivate);
  } catch (error) {
    if (!(error instanceof TargetRefused)) throw error;
    throw new DomainError('invalid', 'webhook-target-refused', `url: ${error.message}`, {
      errors: [{ field: 'url', message: error.message }],
    });
  }
}
