import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ToolCommandRunner } from '../tool-command';
import type { ToolDto } from '../tool.dto';
import { toToolDto } from '../tool.read';
import { RetireToolCommand } from './retire-tool.command';

/**
 * Retiring keeps the tool, its history and its secret versions (the audit trail needs them);
 * the read model marks it retired, and vending refuses retired tools.
 */
@CommandHandler(RetireToolCommand)
export class RetireToolHandler implements ICommandHandler<RetireToolCommand> {
  constructor(@Inject(ToolCommandRunner) private readonly tools: ToolCommandRunner) {}

  async execute({ toolId, reason, ctx }: RetireToolCommand): Promise<ToolDto> {
    const { tool } = await this.tools.run(ctx, { kind: 'retire', toolId, orgId: ctx.orgId!, reason });
    return toToolDto(tool);
  }
}
