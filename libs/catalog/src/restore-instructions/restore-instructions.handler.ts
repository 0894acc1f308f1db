import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../../common/src/domain-error';
import { Database } from '../../../database/src/database';
import { ToolCommandRunner } from '../tool-command';
import type { ToolDto } from '../tool.dto';
import { findTool, toToolDto } from '../tool.read';
import { RestoreInstructionsCommand } from './restore-instructions.command';

/**
 * History is never rewritten: restoring version N appends a new version with N's text, and
 * ToolUpdated records where it came from.
 */
@CommandHandler(RestoreInstructionsCommand)
export class RestoreInstructionsHandler implements ICommandHandler<RestoreInstructionsCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(ToolCommandRunner) private readonly tools: ToolCommandRunner,
  ) {}

  async execute({ toolId, version, ctx }: RestoreInstructionsCommand): Promise<ToolDto> {
    await findTool(this.db, ctx.orgId!, toolId);
    const [old] = await this.db.query<{ body: string }>(
      'SELECT body FROM tool_instructions WHERE tool_id = $1 AND version = $2',
      [toolId, version],
    );
    if (!old) {
      throw new DomainError(
        'not_found',
        'not-found',
        `tool ${toolId} has no instructions version ${version}`,
      );
    }
    const { tool } = await this.tools.run(ctx, {
      kind: 'update',
      toolId,
      orgId: ctx.orgId!,
      fields: { instructions: old.body },
      instructionsSource: { kind: 'restore', version },
    });
    return toToolDto(tool);
  }
}
