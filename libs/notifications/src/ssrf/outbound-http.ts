import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  type AddressGate,
  bareHost,
  type ResolvedAddress,
  resolveTarget,
  type Resolver,
  TargetRefused,
} from './target';

export interface OutboundResponse {
  status: number;
  /** The first bytes of the body, for the delivery record. */
  snippet: string;
  redirects: number;
}

export interface OutboundOptions {
  gate: AddressGate;
  resolve: Resolver;
  timeoutMs: number;
  maxRedirects?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const SNIPPET_BYTES = 1024;

/**
 * POSTs to webhook targets without being turned against the network it runs in: each hop's
 * host is resolved and checked, the connection goes to the address that was checked, and
 * redirects are followed by hand (at most 3), each target checked again like the first.
 */
export class OutboundHttp {
  constructor(private readonly options: OutboundOptions) {}

  async post(rawUrl: string, headers: Record<string, string>, body: string): Promise<OutboundResponse> {
    let url = new URL(rawUrl);
    const max = this.options.maxRedirects ?? 3;
    for (let redirects = 0; ; redirects++) {
      const target = await resolveTarget(url, this.options.gate, this.options.resolve);
      const { response, snippet } = await this.hop(url, target, headers, body);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.statusCode ?? 0) || !location) {
        return { status: response.statusCode ?? 0, snippet, redirects };
      }
      if (redirects >= max) throw new TargetRefused(`more than ${max} redirects`);
      // Re-POST the same signed body: a webhook receiver that moved keeps working.
      url = new URL(location, url);
    }
  }

  private hop(url: URL, target: ResolvedAddress, headers: Record<string, string>, body: string) {
    // Pinned: whatever the resolver says now, the socket connects to the checked address.
    const lookup: LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const options: RequestOptions = {
      method: 'POST',
      hostname: bareHost(url),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
      lookup,
      agent: false,
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<{ response: IncomingMessage; snippet: string }>((resolve, reject) => {
      const req = send(options, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < SNIPPET_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ response, snippet: Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8') });
        });
        response.on('error', reject);
      });
      const timer = setTimeout(
        () => req.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end(body);
    });
  }
}
