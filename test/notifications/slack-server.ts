import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export interface SlackCall {
  method: string;
  token: string | null;
  args: Record<string, any>;
}

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, any>;
}

const JSON_ARGS = new Set(['blocks', 'view', 'attachments', 'metadata']);

/**
 * Plays Slack for the tests, over real HTTP and WebSocket on 127.0.0.1: the Web API methods
 * Keyledger calls (answering like Slack, recording each call), and a Socket Mode endpoint
 * (apps.connections.open hands out a ws:// URL to this server, which says hello, sends the
 * envelopes a test asks for, and collects the acknowledgements).
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  private server!: Server;
  private wss!: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly acks = new Map<string, (ack: SocketAck) => void>();
  private ts = 1_700_000_000;
  /** Tokens apps.connections.open accepts (the app-level tokens of configured orgs). */
  readonly appTokens = new Set<string>();
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.answer(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => {
        const ack = JSON.parse((data as Buffer).toString('utf8')) as SocketAck;
        this.acks.get(ack.envelope_id)?.(ack);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  connected(): number {
    return [...this.sockets].filter((s) => s.readyState === WebSocket.OPEN).length;
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Sends a Socket Mode envelope to a connected client and waits for its acknowledgement. */
  async envelope(
    type: 'interactive' | 'slash_commands',
    payload: Record<string, unknown>,
  ): Promise<SocketAck> {
    const socket = [...this.sockets].find((s) => s.readyState === WebSocket.OPEN);
    if (!socket) throw new Error('no Socket Mode client is connected');
    const envelope_id = randomUUID();
    const acked = new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${type} envelope`)), 15_000);
      this.acks.set(envelope_id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    socket.send(
      JSON.stringify({ envelope_id, type, payload, accepts_response_payload: true, retry_attempt: 0 }),
    );
    return acked;
  }

  private async answer(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    const args: Record<string, any> = {};
    if ((req.headers['content-type'] ?? '').includes('json')) Object.assign(args, raw ? JSON.parse(raw) : {});
    else for (const [k, v] of new URLSearchParams(raw)) args[k] = JSON_ARGS.has(k) ? JSON.parse(v) : v;
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : (args.token ?? null);
    this.calls.push({ method, token, args });
    const send = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    switch (method) {
      case 'apps.connections.open':
        if (!token || !this.appTokens.has(token)) return send({ ok: false, error: 'invalid_auth' });
        return send({ ok: true, url: `${this.url.replace('http', 'ws')}/socket?ticket=${randomUUID()}` });
      case 'chat.postMessage':
        return send({
          ok: true,
          channel: args.channel,
          ts: `${this.ts++}.000100`,
          message: { text: args.text },
        });
      case 'chat.update':
        return send({ ok: true, channel: args.channel, ts: args.ts, text: args.text });
      case 'chat.postEphemeral':
        return send({ ok: true, message_ts: `${this.ts++}.000200` });
      case 'views.open':
        return send({ ok: true, view: { id: 'V1', ...args.view } });
      default:
        return send({ ok: false, error: 'unknown_method' });
    }
  }
}

/** Slack's v0 request signature over `v0:<timestamp>:<body>`, as Slack computes it. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** POSTs a form to a Slack endpoint of the service, signed with `secret` (or as told). */
export async function postSigned(
  url: string,
  form: Record<string, string>,
  secret: string,
  options: { timestamp?: number; signature?: string } = {},
) {
  const body = new URLSearchParams(form).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? slackSignature(secret, timestamp, body),
  };
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return {
    status: res.status,
    body: json,
    text,
    replay: () => fetch(url, { method: 'POST', headers, body }),
  };
}
