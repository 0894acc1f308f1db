import { EventStore1764400000000 } from './1764400000000-event-store';

/** Every migration in order: the only way the schema changes (STYLE.md principle 5). */
export const ALL_MIGRATIONS = [EventStore1764400000000];
