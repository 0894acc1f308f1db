import { Body, Controller, Inject, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiOkResponse } from '@nestjs/swagger';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { SecretVersionDto } from '../tool.dto';
import { SetSecretCommand } from './set-secret.command';
import { SetSecretDto } from './set-secret.dto';

@Controller('api/admin/tools')
export class SetSecretController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Put(':id/secret')
  @MemberRoute({
    operationId: 'setToolSecret',
    summary: "Store a new version of a shared tool's credential; answers the version, never the value",
    action: 'create',
    subject: 'Secret',
    status: 200,
  })
  @ApiOkResponse({ type: SecretVersionDto })
  @ApiConflictResponse({
    type: ProblemDto,
    description: 'The tool is retired, or it is per-agent (each approval supplies its own credential)',
  })
  setSecret(
    @Param('id') id: string,
    @Body() body: SetSecretDto,
    @Ctx() ctx: RequestContext,
  ): Promise<SecretVersionDto> {
    return this.commands.execute(new SetSecretCommand(id, body.credential, ctx));
  }
}
