import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { RunningApp } from '../support/app';

/** Real HTTP servers on 127.0.0.1 for the setup guide: a docs site and an OpenAI-compatible model. */

async function listen(server: Server) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves each path's HTML; anything else is a 404. */
export async function startDocsSite(pages: Record<string, string>) {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const page = pages[req.url ?? ''];
    if (page === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such page');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  return { ...(await listen(server)), hits };
}

/** One step of the model's scripted answer. */
export type Step =
  | { text: string }
  | { usage: { prompt_tokens: number; completion_tokens: number } }
  /** Wait for this before going on (the test releases it, see gate()). */
  | { wait: () => Promise<unknown> }
  /** Wait until the client hangs up, or `ms` pass. */
  | { untilClosed: number }
  /** Cut the connection mid-answer. */
  | { cut: true };

export interface ProviderCall {
  body: { model: string; stream: boolean; messages: Array<{ role: string; content: string }> };
  headers: IncomingHttpHeaders;
  /** The client went away before the answer's last chunk was sent. */
  closedEarly: boolean;
  /** Steps that were written (chunks sent). */
  sent: number;
  finished: boolean;
}

/**
 * A chat-completions endpoint that streams `script` as OpenAI does (SSE `data:` chunks, then
 * `[DONE]`), pausing where the script waits; or answers `failWith` as an HTTP error.
 */
export async function startModel(script: () => Step[], failWith?: { status: number; body: unknown }) {
  const calls: ProviderCall[] = [];
  const closed = new WeakMap<ProviderCall, Promise<void>>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call: ProviderCall = {
        body: JSON.parse(Buffer.concat(chunks).toString()),
        headers: req.headers,
        closedEarly: false,
        sent: 0,
        finished: false,
      };
      calls.push(call);
      closed.set(
        call,
        new Promise<void>((resolve) =>
          res.on('close', () => {
            if (!call.finished) call.closedEarly = true;
            resolve();
          }),
        ),
      );
      if (failWith) {
        res
          .writeHead(failWith.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(failWith.body));
        call.finished = true;
        return;
      }
      void stream(res, script(), call);
    });
  });
  const chunk = (fields: object) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'test-model', ...fields })}\n\n`;
  async function stream(res: import('node:http').ServerResponse, steps: Step[], call: ProviderCall) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const step of steps) {
      if (call.closedEarly) return;
      if ('wait' in step) await step.wait();
      else if ('untilClosed' in step) {
        await Promise.race([closed.get(call), new Promise((r) => setTimeout(r, step.untilClosed).unref())]);
      } else if ('cut' in step) {
        res.destroy();
        return;
      } else if ('text' in step) {
        res.write(chunk({ choices: [{ index: 0, delta: { content: step.text }, finish_reason: null }] }));
        call.sent++;
      } else {
        res.write(chunk({ choices: [], usage: { ...step.usage, total_tokens: 0 } }));
        call.sent++;
      }
    }
    if (call.closedEarly) return;
    call.finished = true;
    res.end('data: [DONE]\n\n');
  }
  return { ...(await listen(server)), calls };
}

/**
 * A pause in the model's answer that the test ends (`open('delta')`) when it sees what it waits
 * for. The model stops waiting after `ms` of its own and says so (`opened` is then 'timeout').
 */
export function gate(ms = 5000) {
  let open!: (by: string) => void;
  const opened = new Promise<string>((resolve) => (open = resolve));
  return {
    opened,
    open,
    /** The model's step: the clock starts when the answer reaches it. */
    step: (): Step => ({
      wait: () => {
        setTimeout(() => open('timeout'), ms).unref();
        return opened;
      },
    }),
  };
}

export interface GuideEvent {
  event: string;
  data: any;
}

/**
 * POSTs to /api/admin/setup-guides and reads the stream event by event with a real SSE parser,
 * calling `onEvent` as each arrives (return 'stop' to hang up there).
 */
export async function draftGuide(
  api: RunningApp,
  token: string,
  body: unknown,
  onEvent: (e: GuideEvent) => 'stop' | void = () => undefined,
) {
  const abort = new AbortController();
  const res = await fetch(`${api.url}/api/admin/setup-guides`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: abort.signal,
  });
  const events: GuideEvent[] = [];
  if (!res.ok || !res.body) return { res, events, problem: (await res.json()) as any };
  const reader = res.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const e = { event: value.event ?? 'message', data: JSON.parse(value.data) };
    events.push(e);
    if (onEvent(e) === 'stop') {
      abort.abort();
      break;
    }
  }
  return { res, events, problem: undefined };
}
