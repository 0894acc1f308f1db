import { connect, createServer, type Server, type Socket } from 'node:net';

type Mode = 'pass' | 'down' | 'stall';

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Bytes held back while stalled, per direction, in order. */
  held: { up: Buffer[]; down: Buffer[] };
}

/**
 * A TCP proxy a test puts between the service and a server it must not touch (the machine's
 * PostgreSQL or Redis is shared): `down()` drops every connection and refuses new ones, as a
 * server that went away; `stall()` keeps every connection open but moves no byte either way, as a
 * network that stopped answering; `restore()` passes traffic again, held bytes first.
 */
export class TcpFaultProxy {
  private server: Server | null = null;
  private readonly pairs = new Set<Pair>();
  private mode: Mode = 'pass';

  constructor(
    private readonly upstreamHost: string,
    private readonly upstreamPort: number,
  ) {}

  /** Listens on a free loopback port and answers it. */
  async listen(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  /** `url` with its host and port replaced by this proxy's. */
  static route(url: string, port: number): string {
    const routed = new URL(url);
    routed.hostname = '127.0.0.1';
    routed.port = String(port);
    return routed.toString();
  }

  down(): void {
    this.mode = 'down';
    for (const pair of this.pairs) this.drop(pair);
  }

  stall(): void {
    this.mode = 'stall';
  }

  restore(): void {
    this.mode = 'pass';
    for (const pair of this.pairs) {
      for (const chunk of pair.held.up.splice(0)) pair.upstream.write(chunk);
      for (const chunk of pair.held.down.splice(0)) pair.client.write(chunk);
    }
  }

  /** How many connections are open through the proxy. */
  get connections(): number {
    return this.pairs.size;
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) this.drop(pair);
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }

  private accept(client: Socket): void {
    if (this.mode === 'down') {
      client.destroy();
      return;
    }
    const upstream = connect(this.upstreamPort, this.upstreamHost);
    const pair: Pair = { client, upstream, held: { up: [], down: [] } };
    this.pairs.add(pair);
    const forward = (chunk: Buffer, to: Socket, held: Buffer[]) => {
      if (this.mode === 'stall' || held.length > 0) held.push(chunk);
      else to.write(chunk);
    };
    client.on('data', (chunk: Buffer) => forward(chunk, upstream, pair.held.up));
    upstream.on('data', (chunk: Buffer) => forward(chunk, client, pair.held.down));
    const end = () => this.drop(pair);
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  }

  private drop(pair: Pair): void {
    this.pairs.delete(pair);
    pair.client.destroy();
    pair.upstream.destroy();
  }
}
