import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/src/identity.module';
import { AddToolController } from './add-tool/add-tool.controller';
import { AddToolHandler } from './add-tool/add-tool.handler';
import { ExportConfigController } from './config-as-code/export-config/export-config.controller';
import { ImportConfigController } from './config-as-code/import-config/import-config.controller';
import { ImportConfigHandler } from './config-as-code/import-config/import-config.handler';
import { YamlBodyParser } from './config-as-code/yaml-body.parser';
import { GetToolHandler, ListToolsHandler } from './list-tools/list-tools.handler';
import { ListToolsController } from './list-tools/list-tools.controller';
import { RestoreInstructionsController } from './restore-instructions/restore-instructions.controller';
import { RestoreInstructionsHandler } from './restore-instructions/restore-instructions.handler';
import { RetireToolController } from './retire-tool/retire-tool.controller';
import { RetireToolHandler } from './retire-tool/retire-tool.handler';
import { SecretVault } from './secrets/secret-vault';
import { SetSecretController } from './set-secret/set-secret.controller';
import { SetSecretHandler } from './set-secret/set-secret.handler';
import { SuggestionAcceptance } from './suggestions/accept-suggestion/suggestion-acceptance';
import { ToolCommandRunner } from './tool-command';
import { UpdateToolController } from './update-tool/update-tool.controller';
import { UpdateToolHandler } from './update-tool/update-tool.handler';

const commandHandlers = [
  AddToolHandler,
  UpdateToolHandler,
  RetireToolHandler,
  SetSecretHandler,
  RestoreInstructionsHandler,
  ImportConfigHandler,
];
const queryHandlers = [ListToolsHandler, GetToolHandler];
const services = [SecretVault, ToolCommandRunner, SuggestionAcceptance, YamlBodyParser];
const controllers = [
  ListToolsController,
  AddToolController,
  UpdateToolController,
  RetireToolController,
  SetSecretController,
  RestoreInstructionsController,
  ExportConfigController,
  ImportConfigController,
];

/**
 * Tools and their write-only secrets. SecretVault is exported for credential vending; the tool
 * runner and suggestion acceptance for the suggestions module.
 */
@Module({
  imports: [IdentityModule],
  controllers,
  providers: [...commandHandlers, ...queryHandlers, ...services],
  exports: [SecretVault, ToolCommandRunner, SuggestionAcceptance],
})
export class CatalogModule {}
