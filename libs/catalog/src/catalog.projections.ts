import type { Projection } from '../../event-store/src/projection';
import { catalogProjection } from './catalog.projection';

export const catalogProjections: Projection[] = [catalogProjection];
