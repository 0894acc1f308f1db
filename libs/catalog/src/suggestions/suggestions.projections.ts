import type { Projection } from '../../../event-store/src/projection';

export const suggestionsProjections: Projection[] = [];
