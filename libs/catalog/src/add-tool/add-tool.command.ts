import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { ToolDto } from '../tool.dto';
import type { AddToolDto } from './add-tool.dto';

export class AddToolCommand extends Command<ToolDto> {
  constructor(
    readonly body: AddToolDto,
    readonly ctx: RequestContext,
    /** Accepting this suggestion (it must still be open); matching ones are accepted anyway. */
    readonly suggestionId?: string,
  ) {
    super();
  }
}
