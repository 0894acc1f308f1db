import { createHash } from 'node:crypto';

/** Case, whitespace and punctuation do not make a different lesson. */
export function normaliseLesson(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A fixed-size key (the text itself may be too long for a btree index entry). */
export function lessonKey(text: string): string {
  return createHash('sha256').update(normaliseLesson(text)).digest('hex');
}

/** The accepted lesson joins the end of the current instructions as its own paragraph. */
export function appendLesson(current: string, learned: string): string {
  const base = current.trimEnd();
  return base === '' ? learned.trim() : `${base}\n\n${learned.trim()}`;
}
