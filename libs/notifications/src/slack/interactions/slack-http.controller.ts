import {
  Controller,
  HttpCode,
  Inject,
  Param,
  Post,
  type RawBodyRequest,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../../../common/src/domain-error';
import { RateLimitGuard, RateTier } from '../../../../common/src/rate-limit/rate-limit.guard';
import { type SlackAck, SlackInteractions } from './slack-interactions';
import { SlackSignature } from './slack-signature';

const rawOf = (request: RawBodyRequest<FastifyRequest>) => {
  const type = String(request.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded') || !request.rawBody) {
    throw new DomainError('invalid', 'validation', 'Slack posts application/x-www-form-urlencoded bodies');
  }
  return request.rawBody.toString('utf8');
};

/**
 * Slack's HTTP interactivity and slash-command endpoints, for apps that do not use Socket
 * Mode. Slack's protocol, not Keyledger's API: outside the OpenAPI document (like /mcp),
 * described in libs/notifications/README.md. Counted in the `preauth` tier per IP.
 */
@ApiExcludeController()
@Controller('api/integrations/slack/:orgId')
export class SlackHttpController {
  constructor(
    @Inject(SlackSignature) private readonly signature: SlackSignature,
    @Inject(SlackInteractions) private readonly interactions: SlackInteractions,
  ) {}

  @Post('interactions')
  @HttpCode(200)
  @RateTier('preauth')
  @UseGuards(RateLimitGuard)
  async interaction(
    @Param('orgId') orgId: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
  ): Promise<SlackAck> {
    const raw = rawOf(request);
    await this.signature.verify(orgId, request.headers, raw);
    let payload: unknown;
    try {
      payload = JSON.parse(new URLSearchParams(raw).get('payload') ?? '');
    } catch {
      throw new DomainError('invalid', 'validation', 'the form has no JSON `payload`');
    }
    return this.interactions.interactive(orgId, payload as Record<string, unknown>);
  }

  @Post('commands')
  @HttpCode(200)
  @RateTier('preauth')
  @UseGuards(RateLimitGuard)
  async command(
    @Param('orgId') orgId: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
  ): Promise<SlackAck> {
    const raw = rawOf(request);
    await this.signature.verify(orgId, request.headers, raw);
    return this.interactions.command(orgId, Object.fromEntries(new URLSearchParams(raw)));
  }
}
