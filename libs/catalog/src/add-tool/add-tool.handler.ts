import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { AccessRequestedNotice } from '../../../access/src/request-access/access-requested.notice';
import type { ToolAdded } from '../catalog.events';
import {
  type OpenedRequest,
  SuggestionAcceptance,
} from '../suggestions/accept-suggestion/suggestion-acceptance';
import { ToolCommandRunner } from '../tool-command';
import { fieldsOf } from '../tool-fields.dto';
import type { ToolDto } from '../tool.dto';
import type { ToolFields } from '../tool.fields';
import { toToolDto } from '../tool.read';
import { AddToolCommand } from './add-tool.command';

/**
 * ToolAdded, and ToolSecretRotated (version 1) in the same append when a credential came with
 * it. A matching open suggestion is accepted in the same transaction, opening a pending
 * request for each of its backers.
 */
@CommandHandler(AddToolCommand)
export class AddToolHandler implements ICommandHandler<AddToolCommand> {
  constructor(
    @Inject(ToolCommandRunner) private readonly tools: ToolCommandRunner,
    @Inject(SuggestionAcceptance) private readonly suggestions: SuggestionAcceptance,
    @Inject(EventBus) private readonly events: EventBus,
  ) {}

  async execute({ body, ctx, suggestionId }: AddToolCommand): Promise<ToolDto> {
    let opened: OpenedRequest[] = [];
    const { tool } = await this.tools.run(
      ctx,
      { kind: 'add', toolId: randomUUID(), orgId: ctx.orgId!, fields: fieldsOf({ ...body }) as ToolFields },
      body.credential,
      async (tx, stored) => {
        const added = stored.find((e) => e.type === 'ToolAdded');
        // Reset on every attempt: a retried append re-runs this with a fresh transaction.
        opened = added
          ? await this.suggestions.acceptIn(tx, added.data as unknown as ToolAdded, ctx, suggestionId)
          : [];
      },
    );
    // After the commit, as the request handler does: auto-approval and notifications listen.
    for (const o of opened) {
      this.events.publish(new AccessRequestedNotice(o.requestId, tool.org_id, o.agentId, tool.id));
    }
    return toToolDto(tool);
  }
}
