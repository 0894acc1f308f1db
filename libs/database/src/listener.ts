import { Client, type ClientConfig } from 'pg';

export interface ListenerHandlers {
  onMessage(payload: string): void;
  /**
   * Whether notifications are being received. `false` when the connection is lost (any
   * notification sent meanwhile is missed) and `true` again once it listens anew: a cache fed
   * by notifications must forget everything at each change.
   */
  onState(listening: boolean): void;
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to someone else), and listen
 * again after it is lost, retrying every `retryMs`. Notifications ride on PostgreSQL so that
 * instances share nothing else (DESIGN.md, Running).
 */
export class Listener {
  private client: Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly handlers: ListenerHandlers,
    private readonly retryMs = 1000,
    /** A connection that stops answering is found within this (TCP keepalive takes minutes). */
    private readonly heartbeatMs = 5000,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  }

  /** Resolves once listening, or after the first attempt failed (it keeps trying). */
  start(): Promise<void> {
    this.closed = false;
    return this.connect();
  }

  get listening(): boolean {
    return this.client !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    const client = this.client;
    this.client = null;
    if (client) {
      this.handlers.onState(false);
      await client.end().catch(() => undefined);
    }
  }

  private async connect(): Promise<void> {
    this.retry = null;
    if (this.closed) return;
    const client = new Client(this.config);
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.handlers.onMessage(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch {
      await client.end().catch(() => undefined);
      this.again();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.handlers.onState(true);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      client.query('SELECT 1').catch(() => this.lost(client));
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.handlers.onState(false);
    void client.end().catch(() => undefined);
    this.again();
  }

  private again(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => void this.connect(), this.retryMs);
    this.retry.unref();
  }
}
