import { findInputFault, MAX_INPUT_DEPTH, TOO_DEEP_MESSAGE, UNSTORABLE_MESSAGE } from './input-rules';

const nest = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};

describe('the input rules', () => {
  it('accept ordinary text, emoji (paired surrogates) and control characters PostgreSQL stores', () => {
    expect(
      findInputFault({ name: 'GitHub 🚀', note: 'tab\tnew\nline\u0001', n: 1, ok: true }, 'body'),
    ).toBeNull();
    expect(findInputFault(undefined, 'body')).toBeNull();
  });

  it.each([
    ['a NUL', 'a\u0000b'],
    ['a lone high surrogate', 'a\ud83d'],
    ['a lone low surrogate', '\ude80b'],
    ['a reversed pair', '\ude80\ud83d'],
  ])('refuse %s and name the field', (_what, text) => {
    expect(findInputFault({ tools: [{ name: 'fine' }, { name: text }] }, 'body')).toEqual({
      field: 'tools[1].name',
      message: UNSTORABLE_MESSAGE,
    });
  });

  it('refuse an unstorable key, and a bare unstorable value by its root', () => {
    expect(findInputFault({ credential: { 'k\u0000': 'v' } }, 'body')).toEqual({
      field: 'credential',
      message: `keys ${UNSTORABLE_MESSAGE}`,
    });
    expect(findInputFault('\u0000', 'body')).toEqual({ field: 'body', message: UNSTORABLE_MESSAGE });
    expect(findInputFault(['x', '\u0000'], 'body')).toEqual({
      field: 'body[1]',
      message: UNSTORABLE_MESSAGE,
    });
  });

  it(`allow ${MAX_INPUT_DEPTH} levels of nesting, refuse one more, named by the top-level field`, () => {
    expect(findInputFault({ x: nest(MAX_INPUT_DEPTH - 1) }, 'body')).toBeNull();
    expect(findInputFault({ x: nest(MAX_INPUT_DEPTH) }, 'body')).toEqual({
      field: 'x',
      message: TOO_DEEP_MESSAGE,
    });
  });

  it('walk 100,000 levels without overflowing the stack', () => {
    expect(findInputFault(nest(100_000), 'body')).toEqual({ field: 'body[0]', message: TOO_DEEP_MESSAGE });
  });
});
