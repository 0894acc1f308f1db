import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/src/catalog.module';
import { AgentsModule } from '../../agents/src/agents.module';
import { AgentCatalogController } from './agent-catalog/agent-catalog.controller';
import { AgentCatalogCache } from './agent-catalog/agent-catalog.cache';
import { DecideRequestController } from './decide-request/decide-request.controller';
import { DecideRequestHandler } from './decide-request/decide-request.handler';
import { AccessExpiry } from './expire-access/access-expiry';
import { ListAccessController } from './list-access/list-access.controller';
import { PoliciesController } from './policies/policies.controller';
import { SetOrgPolicyHandler, SetToolPolicyHandler } from './policies/set-policy.handler';
import { RequestAccessController } from './request-access/request-access.controller';
import { RequestAccessHandler } from './request-access/request-access.handler';
import { RevokeGrantController } from './revoke-grant/revoke-grant.controller';
import { RevokeGrantHandler } from './revoke-grant/revoke-grant.handler';
import { VendCredentialController } from './vend-credential/vend-credential.controller';
import { VendCredentialHandler } from './vend-credential/vend-credential.handler';

const commandHandlers = [
  RequestAccessHandler,
  DecideRequestHandler,
  RevokeGrantHandler,
  VendCredentialHandler,
  SetToolPolicyHandler,
  SetOrgPolicyHandler,
];
const controllers = [
  AgentCatalogController,
  RequestAccessController,
  VendCredentialController,
  ListAccessController,
  DecideRequestController,
  RevokeGrantController,
  PoliciesController,
];

@Module({
  imports: [AgentsModule, CatalogModule],
  controllers,
  providers: [...commandHandlers, AccessExpiry, AgentCatalogCache],
})
export class AccessModule {}
