import type { Sql } from '../../../database/src/database';
import type { StoredEvent } from '../../../event-store/src/event';
import type { Projection } from '../../../event-store/src/projection';
import type {
  SuggestionAccepted,
  SuggestionBacked,
  SuggestionDismissed,
  ToolSuggested,
} from './suggestion.events';
import { SUGGESTION_EVENT_TYPES } from './suggestion.events';

/**
 * Suggestions, their backers and dismissal cooldowns. Inline: the suggest handler decides
 * "back the open one, or open a new one" from these rows under a lock, in the same transaction.
 */
export const suggestionsProjection: Projection = {
  name: 'suggestions',
  mode: 'inline',
  handles: SUGGESTION_EVENT_TYPES,
  tables: ['tool_suggestions', 'suggestion_backers', 'suggestion_cooldowns'],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    for (const e of events) {
      const at = e.occurredAt;
      switch (e.type) {
        case 'ToolSuggested': {
          const d = e.data as unknown as ToolSuggested;
          await tx.query(
            `INSERT INTO tool_suggestions (id, org_id, name, url, domain, name_key, normalized_key, status,
               backer_count, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, coalesce($5, $6), 'open', 1, $7, $7)`,
            [d.suggestion_id, d.org_id, d.name, d.url, d.domain, d.name_key, at],
          );
          await back(tx, d.suggestion_id, d.agent_id, d.reason, at);
          break;
        }
        case 'SuggestionBacked': {
          const d = e.data as unknown as SuggestionBacked;
          await back(tx, d.suggestion_id, d.agent_id, d.reason, at);
          await tx.query(
            `UPDATE tool_suggestions SET updated_at = $2,
               backer_count = (SELECT count(*) FROM suggestion_backers WHERE suggestion_id = $1),
               domain = coalesce(domain, $3), url = coalesce(url, $4), normalized_key = coalesce(domain, $3, name_key)
             WHERE id = $1`,
            [d.suggestion_id, at, d.domain ?? null, d.url ?? null],
          );
          break;
        }
        case 'SuggestionAccepted': {
          const d = e.data as unknown as SuggestionAccepted;
          await tx.query(
            `UPDATE tool_suggestions SET status = 'accepted', tool_id = $2, decided_by = $3, decided_at = $4,
               updated_at = $4 WHERE id = $1`,
            [d.suggestion_id, d.tool_id, d.accepted_by, at],
          );
          break;
        }
        case 'SuggestionDismissed': {
          const d = e.data as unknown as SuggestionDismissed;
          await tx.query(
            `UPDATE tool_suggestions SET status = 'dismissed', decided_by = $2, decided_at = $3, decision_reason = $4,
               cooldown_until = $5, updated_at = $3 WHERE id = $1`,
            [d.suggestion_id, d.dismissed_by, at, d.reason, d.cooldown_until],
          );
          const org = e.orgId;
          const keys = [`n:${d.name_key}`, ...(d.domain ? [`d:${d.domain}`] : [])];
          for (const key of keys) {
            await tx.query(
              `INSERT INTO suggestion_cooldowns AS c (org_id, key, until, suggestion_id) VALUES ($1, $2, $3, $4)
               ON CONFLICT (org_id, key) DO UPDATE SET until = greatest(c.until, excluded.until),
                 suggestion_id = CASE WHEN excluded.until > c.until THEN excluded.suggestion_id ELSE c.suggestion_id END`,
              [org, key, d.cooldown_until, d.suggestion_id],
            );
          }
          break;
        }
      }
    }
  },
};

function back(tx: Sql, suggestionId: string, agentId: string, reason: string, at: Date) {
  return tx.query(
    `INSERT INTO suggestion_backers (suggestion_id, agent_id, reason, backed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (suggestion_id, agent_id) DO UPDATE SET reason = excluded.reason, backed_at = excluded.backed_at`,
    [suggestionId, agentId, reason, at],
  );
}
