import { accessProjections } from '../../../libs/access/src/access.projection';
import { agentsProjections } from '../../../libs/agents/src/agents.projections';
import { auditProjections } from '../../../libs/audit/src/audit.projections';
import { catalogProjections } from '../../../libs/catalog/src/catalog.projections';
import { suggestionsProjections } from '../../../libs/catalog/src/suggestions/suggestions.projections';
import type { Projection } from '../../../libs/event-store/src/projection';
import { identityProjection } from '../../../libs/identity/src/identity.projection';
import { notificationsProjections } from '../../../libs/notifications/src/notifications.projections';

/** Every read model, in registration order. The CLI's rebuild replays the log into these. */
export const ALL_PROJECTIONS: Projection[] = [
  identityProjection,
  ...agentsProjections,
  ...catalogProjections,
  ...accessProjections,
  ...suggestionsProjections,
  ...notificationsProjections,
  ...auditProjections,
];
