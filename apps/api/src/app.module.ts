import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { KeyledgerConfig } from '../../../libs/config/src/config';
import { ConsoleModule } from './console/console.module';
import { CoreModule } from './core/core.module';
import type { Runtime } from './core/runtime';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { AccessModule } from '../../../libs/access/src/access.module';
import { AuditModule } from '../../../libs/audit/src/audit.module';
import { SetupGuideModule } from '../../../libs/catalog/src/setup-guide/setup-guide.module';
import { SuggestionsModule } from '../../../libs/catalog/src/suggestions/suggestions.module';
import { McpModule } from '../../../libs/mcp/src/mcp.module';
import { NotificationsModule } from '../../../libs/notifications/src/notifications.module';
import { AgentsModule } from '../../../libs/agents/src/agents.module';
import { CatalogModule } from '../../../libs/catalog/src/catalog.module';
import { IdentityModule } from '../../../libs/identity/src/identity.module';
import { RateLimitModule } from '../../../libs/common/src/rate-limit/rate-limit.module';
import { ProblemFilter } from '../../../libs/common/src/http/problem.filter';
import { RefusalTallyModule } from '../../../libs/event-store/src/refusal-tally/refusal-tally.module';
import { AgentKeyCacheModule } from '../../../libs/agents/src/auth/agent-key-cache.module';

export interface AppOptions {
  /** Run the sealer, signer and async projections (off in some tests). */
  background?: boolean;
}

@Module({})
export class AppModule {
  static forRoot(config: KeyledgerConfig, runtime: Runtime, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, runtime, options),
        CqrsModule.forRoot(),
        RateLimitModule,
        RefusalTallyModule,
        AgentKeyCacheModule,
        IdentityModule,
        AgentsModule,
        CatalogModule,
        AccessModule,
        SuggestionsModule,
        SetupGuideModule,
        NotificationsModule,
        AuditModule,
        McpModule,
        // Last: its catch-all sees only the paths no controller matched.
        ConsoleModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
