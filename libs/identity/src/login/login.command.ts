import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { LoginResponseDto } from './login.dto';

export class LoginCommand extends Command<LoginResponseDto> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly org: string | undefined,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
