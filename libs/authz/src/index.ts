export * from './ability.factory';
export * from './subjects';
