import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { serveConsole } from './serve-console';

/**
 * Serves the web console (apps/console/dist) at `/`; the API stays under `/api`. Nest has
 * registered its controllers by the time modules initialise, and Fastify has not started,
 * so the console's catch-all route only sees what no controller matched.
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    serveConsole(this.host.httpAdapter.getInstance<FastifyInstance>());
  }
}
