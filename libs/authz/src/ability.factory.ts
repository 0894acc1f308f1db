import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import { accessAcl } from './access.acl';
import { agentsAcl } from './agents.acl';
import { auditAcl } from './audit.acl';
import { catalogAcl } from './catalog.acl';
import { identityAcl } from './identity.acl';
import { type Action, type AppAbility, type Principal, type Role, ROLES, type SubjectName } from './subjects';

const ACLS = [identityAcl, agentsAcl, catalogAcl, accessAcl, auditAcl];

/** One ability per caller, from the module ACLs (DESIGN.md roles table). */
export function defineAbilityFor(principal: Principal): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const acl of ACLS) acl(builder, principal);
  return builder.build();
}

/** The roles that may perform `action` on `subject` at all (for docs and the console). */
export function rolesAllowed(action: Action, subject: SubjectName): Role[] {
  return ROLES.filter((role) => defineAbilityFor({ id: 'probe', role }).can(action, subject));
}
