import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { ToolDto } from '../tool.dto';
import type { UpdateToolDto } from './update-tool.dto';

export class UpdateToolCommand extends Command<ToolDto> {
  constructor(
    readonly toolId: string,
    readonly body: UpdateToolDto,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
