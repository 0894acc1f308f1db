import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/src/identity.module';
import { AddToolController } from './add-tool/add-tool.controller';
import { AddToolHandler } from './add-tool/add-tool.handler';
import { GetToolHandler, ListToolsHandler } from './list-tools/list-tools.handler';
import { ListToolsController } from './list-tools/list-tools.controller';
import { RetireToolController } from './retire-tool/retire-tool.controller';
import { RetireToolHandler } from './retire-tool/retire-tool.handler';
import { SecretVault } from './secrets/secret-vault';
import { SetSecretController } from './set-secret/set-secret.controller';
import { SetSecretHandler } from './set-secret/set-secret.handler';
import { ToolCommandRunner } from './tool-command';
import { UpdateToolController } from './update-tool/update-tool.controller';
import { UpdateToolHandler } from './update-tool/update-tool.handler';

const commandHandlers = [AddToolHandler, UpdateToolHandler, RetireToolHandler, SetSecretHandler];
const queryHandlers = [ListToolsHandler, GetToolHandler];
const services = [SecretVault, ToolCommandRunner];
const controllers = [
  ListToolsController,
  AddToolController,
  UpdateToolController,
  RetireToolController,
  SetSecretController,
];

/** Tools and their write-only secrets. SecretVault is exported for credential vending. */
@Module({
  imports: [IdentityModule],
  controllers,
  providers: [...commandHandlers, ...queryHandlers, ...services],
  exports: [SecretVault],
})
export class CatalogModule {}
