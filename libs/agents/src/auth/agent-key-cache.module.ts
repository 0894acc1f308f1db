import {
  type BeforeApplicationShutdown,
  Global,
  Inject,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Database } from '../../../database/src/database';
import type { Listener } from '../../../database/src/listener';
import { AGENT_KEYS_CHANNEL, AgentKeyCache } from './agent-key-cache';

/** One agent-key cache per instance, fed by the agents projection's announcements. */
@Global()
@Module({
  providers: [{ provide: AgentKeyCache, useFactory: () => new AgentKeyCache() }],
  exports: [AgentKeyCache],
})
export class AgentKeyCacheModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private listener: Listener | null = null;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(AgentKeyCache) private readonly cache: AgentKeyCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.listener = this.db.listener(AGENT_KEYS_CHANNEL, {
      onMessage: (agentId) => this.cache.dropAgent(agentId),
      onState: (listening) => this.cache.setListening(listening),
    });
    await this.listener.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.listener?.close();
  }
}
