import type { Projection } from '../../../event-store/src/projection';
import { instructionSuggestionsProjection } from '../instruction-suggestions/instruction-suggestions.projection';
import { suggestionsProjection } from './suggestions.projection';

export const suggestionsProjections: Projection[] = [suggestionsProjection, instructionSuggestionsProjection];
