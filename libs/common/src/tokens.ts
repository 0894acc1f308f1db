/** Injection tokens for values that are not classes. */
export const CONFIG = Symbol('KeyledgerConfig');
export const RUNTIME = Symbol('Runtime');
