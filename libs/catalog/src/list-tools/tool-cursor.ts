import { DomainError } from '../../../common/src/domain-error';

/** Keyset paging by (name, id): opaque to clients, stable while tools are added or renamed. */
export function encodeCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { name: value[0], id: value[1] };
    }
  } catch {
    // fall through: any malformed cursor gets the same answer
  }
  throw new DomainError('invalid', 'validation', 'cursor is not a next_cursor this API returned', {
    errors: [{ field: 'cursor', message: 'is not a next_cursor this API returned' }],
  });
}
