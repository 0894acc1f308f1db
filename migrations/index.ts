import { EventStore1764400000000 } from './1764400000000-event-store';
import { Identity1764400001000 } from './1764400001000-identity';
import { Agents1764400002000 } from './1764400002000-agents';
import { Catalog1764400003000 } from './1764400003000-catalog';
import { Access1764400004000 } from './1764400004000-access';
import { Audit1764400005000 } from './1764400005000-audit';
import { Notifications1764400006000 } from './1764400006000-notifications';
import { Suggestions1764400007000 } from './1764400007000-suggestions';
import { IdentityOrgs1764400008000 } from './1764400008000-identity-orgs';
import { ApprovalPolicies1764400009000 } from './1764400009000-approval-policies';
import { VendFunction1764400010000 } from './1764400010000-vend-function';
import { CatalogVersions1764400011000 } from './1764400011000-catalog-versions';
import { RefusalTallies1764400013000 } from './1764400013000-refusal-tallies';
import { LogIntegrity1764400014000 } from './1764400014000-log-integrity';
import { MemberOidcIdentity1764400015000 } from './1764400015000-member-oidc-identity';
import { WebhookHost1764400015100 } from './1764400015100-webhook-host';
import { AuditNames1764400021000 } from './1764400021000-audit-names';
import { GroupCommitRecorder1764400022000 } from './1764400022000-group-commit-recorder';
import { SlackApprovals1764400024000 } from './1764400024000-slack-approvals';

/** Every migration in order: the only way the schema changes (STYLE.md principle 5). */
export const ALL_MIGRATIONS = [
  EventStore1764400000000,
  Identity1764400001000,
  Agents1764400002000,
  Catalog1764400003000,
  Access1764400004000,
  Audit1764400005000,
  Notifications1764400006000,
  Suggestions1764400007000,
  IdentityOrgs1764400008000,
  ApprovalPolicies1764400009000,
  VendFunction1764400010000,
  CatalogVersions1764400011000,
  RefusalTallies1764400013000,
  LogIntegrity1764400014000,
  MemberOidcIdentity1764400015000,
  WebhookHost1764400015100,
  AuditNames1764400021000,
  GroupCommitRecorder1764400022000,
  SlackApprovals1764400024000,
];
