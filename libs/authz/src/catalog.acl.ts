import type { AbilityBuilder } from '@casl/ability';
import type { AppAbility, Principal } from './subjects';

/** Tools, secrets, suggestions and the catalog as code. Nobody reads secret values back. */
export function catalogAcl({ can, cannot }: AbilityBuilder<AppAbility>, principal: Principal): void {
  can('read', ['Tool', 'Suggestion']);
  if (principal.role === 'owner' || principal.role === 'admin') {
    can(['create', 'update', 'delete'], 'Tool');
    can(['create', 'update'], 'Secret');
    can(['accept', 'dismiss'], 'Suggestion');
    can(['read', 'update', 'export'], 'Config');
    can(['read', 'create', 'delete'], 'Webhook');
    // The org's Slack app (issue 20): its tokens act for the whole org, like a webhook's URL.
    can(['read', 'update'], 'Integration');
  }
  cannot('read_value', 'Secret');
}
