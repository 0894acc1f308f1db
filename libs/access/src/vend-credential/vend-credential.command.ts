import { Command } from '@nestjs/cqrs';
import type { AgentPrincipal } from '../../../agents/src/auth/agent-principal';
import type { RequestContext } from '../../../common/src/request-context';
import type { CredentialResponseDto } from './vend-credential.dto';

export class VendCredentialCommand extends Command<CredentialResponseDto> {
  constructor(
    readonly agent: AgentPrincipal,
    readonly toolId: string,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
