import { Module } from '@nestjs/common';
import { AgentKeysController } from './agent-keys/agent-keys.controller';
import { IssueAgentKeyHandler } from './agent-keys/issue-agent-key.handler';
import { RevokeAgentKeyHandler } from './agent-keys/revoke-agent-key.handler';
import { AgentAuthGuard } from './auth/agent-auth.guard';
import { ListAgentsController } from './list-agents/list-agents.controller';
import { OnboardingController } from './onboarding/onboarding.controller';
import { RegisterAgentController } from './register-agent/register-agent.controller';
import { RegisterAgentHandler } from './register-agent/register-agent.handler';
import { SuspendAgentController } from './suspend-agent/suspend-agent.controller';
import { SuspendAgentHandler } from './suspend-agent/suspend-agent.handler';
import { UpdateAgentController } from './update-agent/update-agent.controller';
import { UpdateAgentHandler } from './update-agent/update-agent.handler';

const commandHandlers = [
  RegisterAgentHandler,
  UpdateAgentHandler,
  IssueAgentKeyHandler,
  RevokeAgentKeyHandler,
  SuspendAgentHandler,
];
const controllers = [
  RegisterAgentController,
  ListAgentsController,
  UpdateAgentController,
  AgentKeysController,
  SuspendAgentController,
  OnboardingController,
];

@Module({
  controllers,
  providers: [...commandHandlers, AgentAuthGuard],
  exports: [AgentAuthGuard],
})
export class AgentsModule {}
