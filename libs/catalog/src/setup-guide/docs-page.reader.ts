import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../../common/src/domain-error';
import { CONFIG } from '../../../common/src/tokens';
import type { KeyledgerConfig } from '../../../config/src/config';
import {
  ALLOW_PRIVATE_HINT,
  checkOutboundUrl,
  gateFor,
  OutboundHttp,
  ResponseTooLarge,
  systemResolver,
  TargetRefused,
} from '../../../outbound/src';
import { GuideProblem } from './guide-problem';
import { type ReadablePage, readablePage } from './readable-page';

export interface DocsPage extends ReadablePage {
  url: string;
  finalUrl: string;
  bytes: number;
}

const MAX_BYTES = 2 * 1024 * 1024;
const TIMEOUT_MS = 10_000;
const ACCEPT = 'text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8';
const READABLE = /^(text\/html|application\/xhtml\+xml|text\/markdown|text\/x-markdown|text\/plain)\b/;

const refused = (message: string) =>
  new GuideProblem(400, 'outbound-target-refused', `docs_url: ${message}`, {
    errors: [{ field: 'docs_url', message }],
  });

/**
 * Reads a product's docs page through the outbound guard (libs/outbound): public addresses
 * only unless KEYLEDGER_OUTBOUND_ALLOW_PRIVATE, the connection pinned to the checked address,
 * each of at most 3 redirects checked again, 2 MB and 10 s at most. The page is untrusted.
 */
@Injectable()
export class DocsPageReader {
  private readonly allowPrivate: boolean;
  private readonly http: OutboundHttp;

  constructor(@Inject(CONFIG) config: KeyledgerConfig) {
    this.allowPrivate = config.outboundAllowPrivate;
    this.http = new OutboundHttp({
      gate: gateFor(this.allowPrivate),
      resolve: systemResolver,
      timeoutMs: TIMEOUT_MS,
    });
  }

  /** Before the stream opens: a clearly refused URL is a plain 400 on `docs_url`. */
  async check(raw: string): Promise<URL> {
    try {
      const url = await checkOutboundUrl(raw, gateFor(this.allowPrivate), systemResolver, this.allowPrivate);
      if (url.username || url.password) throw new TargetRefused('must not carry credentials');
      return url;
    } catch (error) {
      if (!(error instanceof TargetRefused)) throw error;
      throw new DomainError('invalid', 'outbound-target-refused', `docs_url: ${error.message}`, {
        errors: [{ field: 'docs_url', message: error.message }],
      });
    }
  }

  async read(url: URL, signal: AbortSignal): Promise<DocsPage> {
    let fetched;
    try {
      fetched = await this.http.get(url.toString(), {
        headers: { accept: ACCEPT, 'user-agent': 'Keyledger-SetupGuide/1' },
        maxBytes: MAX_BYTES,
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof TargetRefused) {
        throw refused(
          /redirects/.test(error.message) ? error.message : `${error.message}; ${ALLOW_PRIVATE_HINT}`,
        );
      }
      if (error instanceof ResponseTooLarge) {
        throw new GuideProblem(422, 'docs-page-unreadable', `the page is larger than ${MAX_BYTES} bytes`);
      }
      throw new GuideProblem(
        502,
        'docs-page-unreachable',
        `the page could not be fetched: ${(error as Error).message}`,
      );
    }
    if (fetched.status < 200 || fetched.status > 299) {
      throw new GuideProblem(422, 'docs-page-unreadable', `the page answered HTTP ${fetched.status}`, {
        upstream_status: fetched.status,
      });
    }
    const type = (fetched.contentType ?? 'text/html').toLowerCase();
    if (!READABLE.test(type)) {
      throw new GuideProblem(
        422,
        'docs-page-unreadable',
        `the page is ${type.split(';')[0]}, not HTML or text`,
      );
    }
    const page = readablePage(decode(fetched.body, type), type, fetched.url);
    if (!page.markdown) {
      throw new GuideProblem(
        422,
        'docs-page-unreadable',
        'the page has no readable text (it may need JavaScript to show its content)',
      );
    }
    return { ...page, url: url.toString(), finalUrl: fetched.url, bytes: fetched.body.length };
  }
}

function decode(body: Buffer, contentType: string): string {
  const charset = /charset="?([\w-]+)"?/.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
