export * from './ability.factory';
export * from './separation-of-duties';
export * from './subjects';
