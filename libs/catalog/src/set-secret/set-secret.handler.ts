import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ToolSecretRotated } from '../catalog.events';
import { ToolCommandRunner } from '../tool-command';
import type { SecretVersionDto } from '../tool.dto';
import { SetSecretCommand } from './set-secret.command';

/** A new shared secret version: encrypted row and ToolSecretRotated commit together. */
@CommandHandler(SetSecretCommand)
export class SetSecretHandler implements ICommandHandler<SetSecretCommand> {
  constructor(@Inject(ToolCommandRunner) private readonly tools: ToolCommandRunner) {}

  async execute({ toolId, credential, ctx }: SetSecretCommand): Promise<SecretVersionDto> {
    const { appended } = await this.tools.run(
      ctx,
      { kind: 'set-secret', toolId, orgId: ctx.orgId! },
      credential,
    );
    // The version this request stored, even if another rotation has committed since.
    const rotated = appended.find((e) => e.type === 'ToolSecretRotated')!
      .data as unknown as ToolSecretRotated;
    return { tool_id: toolId, secret_version: rotated.version };
  }
}
