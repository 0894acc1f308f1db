import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
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

export interface FetchedResponse {
  status: number;
  /** Where the last hop went, after redirects. */
  url: string;
  contentType: string | null;
  /** The whole body, decoded from any content encoding, at most `maxBytes`. */
  body: Buffer;
  redirects: number;
}

export interface OutboundOptions {
  gate: AddressGate;
  resolve: Resolver;
  timeoutMs: number;
  maxRedirects?: number;
}

/** A body longer than the caller allows: the transfer stops there. */
export class ResponseTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the response is larger than ${maxBytes} bytes`);
    this.name = 'ResponseTooLarge';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const SNIPPET_BYTES = 1024;

interface Hop {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Keep the first `keep` bytes; more than `cap` decoded bytes fails with ResponseTooLarge. */
  keep: number;
  cap: number;
  signal?: AbortSignal;
}

/**
 * Outbound HTTP that cannot be turned against the network it runs in: each hop's host is
 * resolved and checked, the connection goes to the address that was checked, and redirects
 * are followed by hand (at most 3), each target checked again like the first. Webhooks,
 * docs pages and, later, the proxy all leave through here (docs/adr/0019).
 */
export class OutboundHttp {
  constructor(private readonly options: OutboundOptions) {}

  async post(rawUrl: string, headers: Record<string, string>, body: string): Promise<OutboundResponse> {
    const hop: Hop = { method: 'POST', headers, body, keep: SNIPPET_BYTES, cap: Infinity };
    // Re-POST the same signed body on a redirect: a webhook receiver that moved keeps working.
    const { response, data, redirects } = await this.follow(new URL(rawUrl), () => hop);
    return { status: response.statusCode ?? 0, snippet: data.toString('utf8'), redirects };
  }

  /** GETs a page whole (up to `maxBytes`), following redirects as GETs. */
  async get(
    rawUrl: string,
    options: { headers?: Record<string, string>; maxBytes: number; signal?: AbortSignal },
  ): Promise<FetchedResponse> {
    const headers = { 'accept-encoding': 'gzip, deflate, br', ...options.headers };
    const hop: Hop = { method: 'GET', headers, keep: options.maxBytes, cap: options.maxBytes };
    const { response, data, redirects, url } = await this.follow(new URL(rawUrl), () => ({
      ...hop,
      signal: options.signal,
    }));
    const type = response.headers['content-type'];
    return {
      status: response.statusCode ?? 0,
      url: url.toString(),
      contentType: typeof type === 'string' ? type : null,
      body: data,
      redirects,
    };
  }

  private async follow(start: URL, next: () => Hop) {
    let url = start;
    const max = this.options.maxRedirects ?? 3;
    for (let redirects = 0; ; redirects++) {
      const target = await resolveTarget(url, this.options.gate, this.options.resolve);
      const { response, data } = await this.hop(url, target, next());
      const location = response.headers.location;
      if (!REDIRECTS.has(response.statusCode ?? 0) || !location) return { response, data, redirects, url };
      if (redirects >= max) throw new TargetRefused(`more than ${max} redirects`);
      url = new URL(location, url);
    }
  }

  private hop(url: URL, target: ResolvedAddress, hop: Hop) {
    // Pinned: whatever the resolver says now, the socket connects to the checked address.
    const lookup: LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const headers: Record<string, string> = { ...hop.headers, host: url.host };
    if (hop.body !== undefined) headers['content-length'] = String(Buffer.byteLength(hop.body));
    const options: RequestOptions = {
      method: hop.method,
      hostname: bareHost(url),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      headers,
      lookup,
      agent: false,
      signal: hop.signal,
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<{ response: IncomingMessage; data: Buffer }>((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        req.destroy();
        reject(error);
      };
      const req = send(options, (response) => {
        const body = decoded(response);
        const chunks: Buffer[] = [];
        let size = 0;
        body.on('data', (chunk: Buffer) => {
          if (size < hop.keep) chunks.push(chunk);
          size += chunk.length;
          if (size > hop.cap) fail(new ResponseTooLarge(hop.cap));
        });
        body.on('end', () => {
          clearTimeout(timer);
          resolve({ response, data: Buffer.concat(chunks).subarray(0, hop.keep) });
        });
        body.on('error', fail);
      });
      const timer = setTimeout(
        () => fail(new Error(`no answer within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
      req.on('error', fail);
      req.end(hop.body);
    });
  }
}

/** The body without its content encoding; the size cap applies to what it decodes to. */
function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null;
  if (!decoder) return response;
  response.on('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}
