import { ValidationProblem } from './validation';

/**
 * The rules every value that enters through HTTP obeys, whatever the route, before any
 * validation or handler sees it (docs/adr/0018-one-boundary-for-bad-input.md):
 *
 * - no string (value or key) holds U+0000 or an unpaired surrogate: PostgreSQL text and jsonb
 *   cannot store them, so such input would fail in the database as a 500, or as a 503 from the
 *   event store, and clients would retry it as an outage;
 * - nothing nests deeper than MAX_INPUT_DEPTH: validation and class-transformer recurse, and a
 *   5,000-level JSON document overflowed the stack.
 */
export const MAX_INPUT_DEPTH = 32;

// U+0000, a high surrogate not followed by a low one, or a low one not preceded by a high one.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this rule refuses
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_MESSAGE = 'must not contain NUL characters (U+0000) or unpaired UTF-16 surrogates';
export const TOO_DEEP_MESSAGE = `must not nest deeper than ${MAX_INPUT_DEPTH} levels`;

export interface InputFault {
  field: string;
  message: string;
}

/**
 * The first place in `value` that breaks a rule, named as validation names fields (`tools[0].name`;
 * `root` for the value itself, `root[0]` for an item of a top-level array), or null. A value too
 * deep is named by its top-level field. Iterative, so a deep value cannot overflow the stack here.
 */
export function findInputFault(value: unknown, root: string): InputFault | null {
  const pending: Array<{ value: unknown; field: string; top: string; depth: number }> = [
    { value, field: root, top: root, depth: 0 },
  ];
  while (pending.length > 0) {
    const { value: current, field, top, depth } = pending.pop()!;
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) return { field, message: UNSTORABLE_MESSAGE };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: top, message: TOO_DEEP_MESSAGE };
    const entries: Array<[string | number, unknown]> = Array.isArray(current)
      ? current.map((item, index) => [index, item])
      : Object.entries(current);
    for (const [key, item] of entries) {
      if (typeof key === 'string' && UNSTORABLE.test(key)) {
        return { field, message: `keys ${UNSTORABLE_MESSAGE}` };
      }
      const name = typeof key === 'number' ? `${field}[${key}]` : depth === 0 ? key : `${field}.${key}`;
      pending.push({ value: item, field: name, top: depth === 0 ? name : top, depth: depth + 1 });
    }
  }
  return null;
}

/** Throws the 400 validation problem for the first fault in `value`. */
export function assertStorableInput(value: unknown, root: string): void {
  const fault = findInputFault(value, root);
  if (fault) throw new ValidationProblem([fault]);
}
