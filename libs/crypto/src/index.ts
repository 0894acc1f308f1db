export * from './agent-key';
export * from './envelope';
export * from './errors';
export * from './fingerprint';
export * from './key-ring';
export * from './passwords';
export * from './secret-context';
