import { Inject } from '@nestjs/common';
import {
  CommandBus,
  CommandHandler,
  CommandHandlerNotFoundException,
  type ICommandHandler,
} from '@nestjs/cqrs';
import { SetToolPolicyCommand } from '../../../../access/src/policies/set-policy.command';
import { DomainError } from '../../../../common/src/domain-error';
import type { RequestContext } from '../../../../common/src/request-context';
import { Database } from '../../../../database/src/database';
import { AddToolCommand } from '../../add-tool/add-tool.command';
import type { AddToolDto } from '../../add-tool/add-tool.dto';
import { RetireToolCommand } from '../../retire-tool/retire-tool.command';
import { UpdateToolCommand } from '../../update-tool/update-tool.command';
import { currentCatalog } from '../catalog-document';
import type { ConfigChangeDto, ConfigImportResultDto, PolicyDocDto } from '../config-document.dto';
import { ImportConfigCommand } from './import-config.command';
import { planImport } from './import-plan';

/**
 * Plans the changes, and unless it is a dry run applies each through the ordinary commands
 * (AddTool, UpdateTool, RetireTool, SetToolPolicy): every applied change is the same event a
 * person clicking in the console would have caused, with this request as its context.
 */
@CommandHandler(ImportConfigCommand)
export class ImportConfigHandler implements ICommandHandler<ImportConfigCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(CommandBus) private readonly commands: CommandBus,
  ) {}

  async execute({ document, options, ctx }: ImportConfigCommand): Promise<ConfigImportResultDto> {
    const changes = planImport(document.tools, await currentCatalog(this.db, ctx.orgId!), options);
    if (options.dryRun) return { changes, applied: false };
    for (const change of changes) {
      const toolId = await this.apply(change, ctx);
      change.tool_id = toolId;
    }
    return { changes, applied: true };
  }

  private async apply(change: ConfigChangeDto, ctx: RequestContext): Promise<string> {
    const { policy, ...fields } = change.fields as Record<string, unknown> & { policy?: PolicyDocDto };
    let toolId = change.tool_id;
    if (change.action === 'create') {
      toolId = (await this.commands.execute(new AddToolCommand(fields as unknown as AddToolDto, ctx))).id;
    } else if (change.action === 'retire') {
      await this.commands.execute(new RetireToolCommand(toolId!, 'removed from the catalog document', ctx));
    } else if (Object.keys(fields).length > 0) {
      await this.commands.execute(new UpdateToolCommand(toolId!, fields, ctx));
    }
    if (policy) await this.setPolicy(toolId!, policy, ctx);
    return toolId!;
  }

  private async setPolicy(toolId: string, policy: PolicyDocDto, ctx: RequestContext): Promise<void> {
    const value = {
      required_approvals: policy.required_approvals,
      max_duration_seconds: policy.max_duration_seconds ?? null,
      auto_approve: policy.auto_approve ?? null,
    };
    try {
      await this.commands.execute(new SetToolPolicyCommand(toolId, value, ctx));
    } catch (error) {
      // The access context owns policies; until its handler is installed they export only.
      if (!(error instanceof CommandHandlerNotFoundException)) throw error;
      throw new DomainError(
        'unavailable',
        'policy-import-unavailable',
        'approval policies cannot be imported here yet',
      );
    }
  }
}
