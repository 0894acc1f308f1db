import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ToolCommandRunner } from '../tool-command';
import { fieldsOf } from '../tool-fields.dto';
import type { ToolDto } from '../tool.dto';
import type { ToolFields } from '../tool.fields';
import { toToolDto } from '../tool.read';
import { AddToolCommand } from './add-tool.command';

/** ToolAdded, and ToolSecretRotated (version 1) in the same append when a credential came with it. */
@CommandHandler(AddToolCommand)
export class AddToolHandler implements ICommandHandler<AddToolCommand> {
  constructor(@Inject(ToolCommandRunner) private readonly tools: ToolCommandRunner) {}

  async execute({ body, ctx }: AddToolCommand): Promise<ToolDto> {
    const { tool } = await this.tools.run(
      ctx,
      { kind: 'add', toolId: randomUUID(), orgId: ctx.orgId!, fields: fieldsOf({ ...body }) as ToolFields },
      body.credential,
    );
    return toToolDto(tool);
  }
}
