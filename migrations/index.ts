import { EventStore1764400000000 } from './1764400000000-event-store';
import { Identity1764400001000 } from './1764400001000-identity';
import { Agents1764400002000 } from './1764400002000-agents';
import { Catalog1764400003000 } from './1764400003000-catalog';
import { Access1764400004000 } from './1764400004000-access';

/** Every migration in order: the only way the schema changes (STYLE.md principle 5). */
export const ALL_MIGRATIONS = [
  EventStore1764400000000,
  Identity1764400001000,
  Agents1764400002000,
  Catalog1764400003000,
  Access1764400004000,
];
