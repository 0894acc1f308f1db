import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { Credential } from '../catalog.events';
import type { SecretVersionDto } from '../tool.dto';

export class SetSecretCommand extends Command<SecretVersionDto> {
  constructor(
    readonly toolId: string,
    readonly credential: Credential,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
