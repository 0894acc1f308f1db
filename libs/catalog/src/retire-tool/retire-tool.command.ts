import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { ToolDto } from '../tool.dto';

export class RetireToolCommand extends Command<ToolDto> {
  constructor(
    readonly toolId: string,
    readonly reason: string | undefined,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
