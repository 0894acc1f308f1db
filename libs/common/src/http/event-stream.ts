import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events over a Fastify reply. Fastify sends whole payloads, so the reply is
 * hijacked and each event written to the socket as it happens: nothing is buffered. The
 * headers Fastify would have sent (rate limits, request id) go out with the stream's own.
 */
export class EventStream {
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(private readonly res: ServerResponse) {
    // A comment line now and then keeps proxies from closing a stream that waits on a slow model.
    this.heartbeat = setInterval(() => {
      if (!this.closed) res.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    res.on('close', () => clearInterval(this.heartbeat));
  }

  static open(reply: FastifyReply): EventStream {
    const headers = reply.getHeaders();
    reply.hijack();
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined) reply.raw.setHeader(name, value);
    }
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no', // nginx: pass each event on as it comes
      'x-request-id': String(reply.request.id),
    });
    reply.raw.flushHeaders();
    return new EventStream(reply.raw);
  }

  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  /** Writes one event (`data` as one line of JSON); waits while the client reads slower than we write. */
  async send(event: string, data: unknown): Promise<void> {
    if (this.closed) return;
    if (!this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)) {
      await Promise.race([once(this.res, 'drain'), once(this.res, 'close')]);
    }
  }

  end(): void {
    clearInterval(this.heartbeat);
    if (!this.closed) this.res.end();
  }
}
