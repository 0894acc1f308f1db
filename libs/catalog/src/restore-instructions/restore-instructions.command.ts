import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { ToolDto } from '../tool.dto';

export class RestoreInstructionsCommand extends Command<ToolDto> {
  constructor(
    readonly toolId: string,
    readonly version: number,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
