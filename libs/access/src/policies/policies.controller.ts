import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse } from '@nestjs/swagger';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { Database } from '../../../database/src/database';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import { approvalPolicy, separationOfDuties } from '../access.policy';
import { findToolForAgent } from '../access.read';
import { OrgPolicyResponseDto, SetOrgPolicyDto, ToolPolicyDto, ToolPolicyResponseDto } from './policies.dto';
import { SetOrgPolicyCommand, SetToolPolicyCommand } from './set-policy.command';

@Controller('api/admin')
export class PoliciesController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(Database) private readonly db: Database,
  ) {}

  @Get('tools/:toolId/policy')
  @MemberRoute({
    operationId: 'getToolPolicy',
    summary: 'A tool’s approval policy',
    action: 'read',
    subject: 'Tool',
  })
  @ApiOkResponse({ type: ToolPolicyResponseDto })
  async getToolPolicy(
    @Param('toolId') toolId: string,
    @CurrentMember() m: MemberPrincipal,
  ): Promise<ToolPolicyResponseDto> {
    await findToolForAgent(this.db, m.orgId, toolId);
    const p = await approvalPolicy(this.db, toolId);
    return {
      tool_id: toolId,
      policy: {
        required_approvals: p.requiredApprovals,
        max_duration_seconds: p.maxDurationSeconds,
        auto_approve: p.autoApprove,
      },
    };
  }

  @Put('tools/:toolId/policy')
  @MemberRoute({
    operationId: 'setToolPolicy',
    summary: 'Set a tool’s approval policy: approvers needed, longest grant, auto-approval',
    action: 'update',
    subject: 'Tool',
  })
  @ApiOkResponse({ type: ToolPolicyResponseDto })
  async setToolPolicy(
    @Param('toolId') toolId: string,
    @Body() body: ToolPolicyDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ToolPolicyResponseDto> {
    const policy = {
      required_approvals: body.required_approvals,
      max_duration_seconds: body.max_duration_seconds ?? null,
      auto_approve: body.auto_approve
        ? { agents: body.auto_approve.agents, max_duration_seconds: body.auto_approve.max_duration_seconds }
        : null,
    };
    const saved = await this.commands.execute(new SetToolPolicyCommand(toolId, policy, ctx));
    return { tool_id: toolId, policy: saved };
  }

  @Get('policy')
  @MemberRoute({
    operationId: 'getOrgPolicy',
    summary: 'The org’s approval rules',
    action: 'read',
    subject: 'OrgPolicy',
  })
  @ApiOkResponse({ type: OrgPolicyResponseDto })
  async getOrgPolicy(@CurrentMember() m: MemberPrincipal): Promise<OrgPolicyResponseDto> {
    return { policy: { separation_of_duties: await separationOfDuties(this.db, m.orgId) } };
  }

  @Put('policy')
  @MemberRoute({
    operationId: 'setOrgPolicy',
    summary: 'Turn separation of duties on or off for the org, saying why',
    description:
      'Owners only: the rule binds admins and approvers, so they cannot lift it. A change is recorded ' +
      'as OrgPolicyChanged with the previous value and the reason; setting the current value records nothing.',
    action: 'update',
    subject: 'OrgPolicy',
  })
  @ApiOkResponse({ type: OrgPolicyResponseDto })
  async setOrgPolicy(
    @Body() body: SetOrgPolicyDto,
    @Ctx() ctx: RequestContext,
  ): Promise<OrgPolicyResponseDto> {
    return {
      policy: await this.commands.execute(
        new SetOrgPolicyCommand(body.separation_of_duties, body.reason, ctx),
      ),
    };
  }
}
