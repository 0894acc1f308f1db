import { Body, Controller, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../auth/admin-route.decorator';
import type { MemberPrincipal } from '../auth/member-principal';
import { CurrentMember } from '../auth/member.decorator';
import { CreateOrgCommand } from './create-org.command';
import { CreateOrgDto, CreateOrgResponseDto } from './create-org.dto';

@Controller('api/orgs')
export class CreateOrgController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @MemberRoute({
    operationId: 'createOrg',
    summary: 'Create an org; you become its owner',
    description:
      'Your token stays scoped to your current org: sign in again with `org` to work in the new one. ' +
      'Who may create an org is an installation setting, KEYLEDGER_ORG_CREATION: `owners` (the default: ' +
      'owners of the org they are signed in to), `members` (anyone signed in) or `disabled`.',
    action: 'create',
    subject: 'Org',
    status: 201,
  })
  @ApiCreatedResponse({ type: CreateOrgResponseDto })
  create(
    @Body() body: CreateOrgDto,
    @CurrentMember() member: MemberPrincipal,
    @Ctx() ctx: RequestContext,
  ): Promise<CreateOrgResponseDto> {
    return this.commands.execute(new CreateOrgCommand(body.name, member, ctx));
  }
}
