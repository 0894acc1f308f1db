import type { Projection } from '../../event-store/src/projection';
import { accessIntervalsProjection } from './access-at/access-intervals.projection';
import { auditEventsProjection } from './list-events/audit-events.projection';
import { auditNamesProjection } from './names/audit-names.projection';

export const auditProjections: Projection[] = [
  accessIntervalsProjection,
  auditEventsProjection,
  auditNamesProjection,
];
