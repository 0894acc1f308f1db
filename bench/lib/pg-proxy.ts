import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Statement {
  at: number;
  connection: number;
  /** 'simple' (Query) or 'extended' (Bind of a statement Parsed now or earlier). */
  kind: 'simple' | 'extended';
  /** The prepared statement's name, '' for unnamed ones. */
  name: string;
  text: string;
}

/**
 * A TCP proxy in front of PostgreSQL that reads the frontend protocol: every simple Query and
 * every Sync ends one round trip; each Query or Bind executes one statement, whose text comes
 * from the Query or from the Parse that prepared it (named statements are parsed once per
 * connection).
 */
export class PgProxy {
  roundTrips = 0;
  readonly statements: Statement[] = [];
  private server: Server | null = null;
  private connections = 0;

  constructor(private readonly upstream: URL) {}

  async listen(): Promise<number> {
    this.server = createServer((client) => this.relay(client));
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  close(): Promise<void> {
    return new Promise((done) => (this.server ? this.server.close(() => done()) : done()));
  }

  private relay(client: Socket): void {
    const id = ++this.connections;
    const server = connect(Number(this.upstream.port || 5432), this.upstream.hostname);
    server.pipe(client);
    server.on('error', () => client.destroy());
    client.on('error', () => server.destroy());
    client.on('close', () => server.destroy());
    const prepared = new Map<string, string>();
    let pending = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk: Buffer) => {
      server.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (!started) {
          if (pending.length < 4) return;
          const length = pending.readInt32BE(0);
          if (pending.length < length) return;
          pending = pending.subarray(length);
          started = true;
          continue;
        }
        if (pending.length < 5) return;
        const length = pending.readInt32BE(1);
        if (pending.length < length + 1) return;
        this.read(id, prepared, String.fromCharCode(pending[0]), pending.subarray(5, length + 1));
        pending = pending.subarray(length + 1);
      }
    });
  }

  private read(connection: number, prepared: Map<string, string>, type: string, body: Buffer): void {
    const at = Date.now();
    if (type === 'S' || type === 'Q') this.roundTrips += 1;
    if (type === 'Q')
      this.statements.push({ at, connection, kind: 'simple', name: '', text: cstring(body, 0) });
    if (type === 'P') {
      const name = cstring(body, 0);
      prepared.set(name, cstring(body, Buffer.byteLength(name) + 1));
    }
    if (type === 'B') {
      const portal = cstring(body, 0);
      const name = cstring(body, Buffer.byteLength(portal) + 1);
      this.statements.push({ at, connection, kind: 'extended', name, text: prepared.get(name) ?? '?' });
    }
  }
}

function cstring(buffer: Buffer, from: number): string {
  const end = buffer.indexOf(0, from);
  return buffer.toString('utf8', from, end < 0 ? buffer.length : end);
}
