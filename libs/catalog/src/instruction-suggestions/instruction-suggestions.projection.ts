import type { Sql } from '../../../database/src/database';
import type { StoredEvent } from '../../../event-store/src/event';
import type { Projection } from '../../../event-store/src/projection';
import {
  INSTRUCTION_SUGGESTION_EVENT_TYPES,
  type InstructionSuggestionAccepted,
  type InstructionSuggestionBacked,
  type InstructionSuggestionDismissed,
  type InstructionsSuggested,
} from './instruction-suggestion.events';

/** Inline for the same reason as tool suggestions: duplicates are found by reading it under a lock. */
export const instructionSuggestionsProjection: Projection = {
  name: 'instruction-suggestions',
  mode: 'inline',
  handles: INSTRUCTION_SUGGESTION_EVENT_TYPES,
  tables: ['instruction_suggestions', 'instruction_suggestion_backers'],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    for (const e of events) {
      const at = e.occurredAt;
      switch (e.type) {
        case 'InstructionsSuggested': {
          const d = e.data as unknown as InstructionsSuggested;
          await tx.query(
            `INSERT INTO instruction_suggestions (id, org_id, tool_id, learned, text_key, status, backer_count,
               created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'open', 1, $6, $6)`,
            [d.suggestion_id, d.org_id, d.tool_id, d.learned, d.text_key, at],
          );
          await back(tx, d.suggestion_id, d.agent_id, d.why, at);
          break;
        }
        case 'InstructionSuggestionBacked': {
          const d = e.data as unknown as InstructionSuggestionBacked;
          await back(tx, d.suggestion_id, d.agent_id, d.why, at);
          await tx.query(
            `UPDATE instruction_suggestions SET updated_at = $2,
               backer_count = (SELECT count(*) FROM instruction_suggestion_backers WHERE suggestion_id = $1)
             WHERE id = $1`,
            [d.suggestion_id, at],
          );
          break;
        }
        case 'InstructionSuggestionAccepted': {
          const d = e.data as unknown as InstructionSuggestionAccepted;
          await tx.query(
            `UPDATE instruction_suggestions SET status = 'accepted', decided_by = $2, decided_at = $3,
               instructions_version = $4, updated_at = $3 WHERE id = $1`,
            [d.suggestion_id, d.accepted_by, at, d.instructions_version],
          );
          break;
        }
        case 'InstructionSuggestionDismissed': {
          const d = e.data as unknown as InstructionSuggestionDismissed;
          await tx.query(
            `UPDATE instruction_suggestions SET status = 'dismissed', decided_by = $2, decided_at = $3,
               decision_reason = $4, updated_at = $3 WHERE id = $1`,
            [d.suggestion_id, d.dismissed_by, at, d.reason],
          );
          break;
        }
      }
    }
  },
};

function back(tx: Sql, suggestionId: string, agentId: string, why: string, at: Date) {
  return tx.query(
    `INSERT INTO instruction_suggestion_backers (suggestion_id, agent_id, why, backed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (suggestion_id, agent_id) DO UPDATE SET why = excluded.why, backed_at = excluded.backed_at`,
    [suggestionId, agentId, why, at],
  );
}
