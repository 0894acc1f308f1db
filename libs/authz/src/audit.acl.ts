import type { AbilityBuilder } from '@casl/ability';
import type { AppAbility, Principal } from './subjects';

export function auditAcl({ can }: AbilityBuilder<AppAbility>, principal: Principal): void {
  if (principal.role === 'owner' || principal.role === 'admin' || principal.role === 'auditor') {
    can(['read', 'export', 'verify'], 'AuditLog');
  }
}
