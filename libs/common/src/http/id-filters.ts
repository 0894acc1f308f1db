import { applyDecorators } from '@nestjs/common';
import { IsUUID, Matches } from 'class-validator';

/*
 * Filters that name an id (docs/adr/0018). Every id this service makes is a UUID, so a filter
 * holding anything else can match nothing: it answers 400 naming the filter, not 200 with an
 * empty page that reads as "no such events".
 */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** `agent_id`, `tool_id`, …: a UUID. */
export const IdFilter = () => IsUUID('all', { message: '$property must be an id (a UUID)' });

/** An actor is a member or an agent (a UUID) or a system job (`system`, `login`, `auto-approve`…). */
export const ActorIdFilter = () =>
  applyDecorators(
    Matches(new RegExp(`^(?:${UUID}|[a-z][a-z0-9-]{0,63})$`, 'i'), {
      message: '$property must be a member or agent id (a UUID) or a system actor name',
    }),
  );

/** A stream is `<kind>-<id>`: `agent-<uuid>`, `access-<uuid>`, `login-<32 hex digits>`… */
export const StreamIdFilter = () =>
  applyDecorators(
    Matches(new RegExp(`^[a-z]+(?:-[a-z]+)*-(?:${UUID}|[0-9a-f]{32})$`, 'i'), {
      message: '$property must be a stream id such as access-<uuid>',
    }),
  );
