import { Controller, Get, Header, Inject, Param, Req } from '@nestjs/common';
import { ApiProduces, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { KeyledgerConfig } from '../../../config/src/config';
import { CONFIG } from '../../../common/src/tokens';
import { Database } from '../../../database/src/database';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import { findAgent } from '../agents.read';
import { onboardingMarkdown } from './onboarding.markdown';

@Controller('api/admin/agents')
export class OnboardingController {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(CONFIG) private readonly config: KeyledgerConfig,
  ) {}

  @Get(':agentId/onboarding')
  @Header('content-type', 'text/markdown; charset=utf-8')
  @MemberRoute({
    operationId: 'getAgentOnboarding',
    summary: 'Markdown for the agent’s AGENTS.md or CLAUDE.md: base URL, auth header, the agent API',
    action: 'read',
    subject: 'Agent',
  })
  @ApiProduces('text/markdown')
  @ApiOkResponse({ description: 'Markdown', schema: { type: 'string' } })
  async onboarding(
    @Param('agentId') agentId: string,
    @CurrentMember() member: MemberPrincipal,
    @Req() request: FastifyRequest,
  ): Promise<string> {
    const agent = await findAgent(this.db, member.orgId, agentId);
    const base = this.config.publicUrl ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`;
    return onboardingMarkdown(agent, base.replace(/\/$/, ''));
  }
}
