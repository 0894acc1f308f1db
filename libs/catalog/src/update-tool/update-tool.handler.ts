import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ToolCommandRunner } from '../tool-command';
import { fieldsOf } from '../tool-fields.dto';
import type { ToolDto } from '../tool.dto';
import { toToolDto } from '../tool.read';
import { UpdateToolCommand } from './update-tool.command';

/** ToolUpdated with only what changed (nothing at all when nothing did), plus a rotation if asked. */
@CommandHandler(UpdateToolCommand)
export class UpdateToolHandler implements ICommandHandler<UpdateToolCommand> {
  constructor(@Inject(ToolCommandRunner) private readonly tools: ToolCommandRunner) {}

  async execute({ toolId, body, ctx }: UpdateToolCommand): Promise<ToolDto> {
    const { tool } = await this.tools.run(
      ctx,
      { kind: 'update', toolId, orgId: ctx.orgId!, fields: fieldsOf({ ...body }) },
      body.credential,
    );
    return toToolDto(tool);
  }
}
