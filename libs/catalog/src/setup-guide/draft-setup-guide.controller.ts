import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOkResponse, ApiProduces, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EventStream } from '../../../common/src/http/event-stream';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { DraftSetupGuideCommand } from './draft-setup-guide.command';
import {
  DraftSetupGuideDto,
  SetupGuideDeltaDto,
  SetupGuideDoneDto,
  SetupGuideFieldsDto,
  SetupGuideSourceDto,
} from './draft-setup-guide.dto';

/** The stream's events in the order they come; `error` instead of `done` ends a failed guide. */
const EVENTS: Array<[string, new () => object, string]> = [
  ['source', SetupGuideSourceDto, 'the page that was read; `guide` says whether a model writes the guide'],
  ['delta', SetupGuideDeltaDto, 'the next piece of markdown, as it is written (any number)'],
  ['fields', SetupGuideFieldsDto, 'the draft of the tool; every field passes createTool’s validation'],
  ['done', SetupGuideDoneDto, 'the guide completed: provider, model, tokens, duration'],
  ['error', ProblemDto, 'the guide stopped: a problem document (the HTTP status is already 200)'],
];

const DESCRIPTION =
  'Reads the docs page through the outbound guard (public addresses only unless ' +
  'KEYLEDGER_OUTBOUND_ALLOW_PRIVATE), then streams a guide to creating the product’s API key as ' +
  'Server-Sent Events: `source`, any number of `delta`, `fields`, then `done` or `error`. Each ' +
  'event’s `data` is one line of JSON in the schema named below. With KEYLEDGER_AI_BASE_URL ' +
  'set a model writes the guide; without it, the page’s own sections about authentication are ' +
  'streamed, labelled as extracted. The page is untrusted: nothing is saved (save the draft with ' +
  'createTool), and closing the connection cancels the provider call. Recorded as ' +
  'SetupGuideStarted and SetupGuideFinished, never with the text.';

@Controller('api/admin/setup-guides')
export class DraftSetupGuideController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @MemberRoute({
    operationId: 'draftSetupGuide',
    summary: 'Stream a setup guide and a tool draft from a product’s docs page',
    description: DESCRIPTION,
    action: 'create',
    subject: 'Tool',
    tier: 'ai',
  })
  @ApiExtraModels(...EVENTS.map(([, dto]) => dto))
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'The guide as Server-Sent Events; each item below is one event: its name and its data',
    content: {
      'text/event-stream': {
        schema: {
          oneOf: EVENTS.map(([event, dto, description]) => ({
            type: 'object',
            description,
            required: ['event', 'data'],
            properties: { event: { type: 'string', enum: [event] }, data: { $ref: getSchemaPath(dto) } },
          })),
        },
      },
    },
  })
  async draft(
    @Body() body: DraftSetupGuideDto,
    @Ctx() ctx: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const disconnected = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) disconnected.abort();
    });
    const instance = request.url.split('?')[0];
    await this.commands.execute(
      new DraftSetupGuideCommand(body, ctx, () => EventStream.open(reply), disconnected.signal, instance),
    );
  }
}
