import { Agent, request } from 'node:http';

export interface Reply {
  status: number;
  body: string;
}

/** One HTTP/1.1 request on a keep-alive agent; the body is read in full. */
export function send(
  agent: Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = request(url, { agent, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

export function keepAliveAgent(connections: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
}

/** A JSON client for seeding through the real API. */
export class JsonClient {
  private readonly agent = keepAliveAgent(16);

  constructor(private readonly base: string) {}

  async call<T>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const reply = await send(
      this.agent,
      this.base + path,
      method,
      headers,
      body === undefined ? undefined : JSON.stringify(body),
    );
    return { status: reply.status, body: (reply.body ? JSON.parse(reply.body) : undefined) as T };
  }

  /** Like call(), but any status other than `expected` is an error naming the route. */
  async expect<T>(
    expected: number,
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<T> {
    const reply = await this.call<T>(method, path, token, body);
    if (reply.status !== expected) {
      throw new Error(
        `${method} ${path}: expected ${expected}, got ${reply.status} ${JSON.stringify(reply.body)}`,
      );
    }
    return reply.body;
  }

  close(): void {
    this.agent.destroy();
  }
}
