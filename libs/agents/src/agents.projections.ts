import type { Projection } from '../../event-store/src/projection';
import { agentsProjection } from './agents.projection';

export const agentsProjections: Projection[] = [agentsProjection];
