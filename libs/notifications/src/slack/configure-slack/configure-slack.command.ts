import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../../common/src/request-context';
import type { ConfigureSlackDto } from './configure-slack.dto';

export class ConfigureSlackCommand extends Command<void> {
  constructor(
    readonly body: ConfigureSlackDto,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

export class RemoveSlackCommand extends Command<void> {
  constructor(readonly ctx: RequestContext) {
    super();
  }
}
