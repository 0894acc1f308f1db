import { DRAFT_MARKER, DraftSplitter } from './draft-splitter';

const answer = `## Create a token\n\n1. Open Settings.\n\n${DRAFT_MARKER}\n\`\`\`json\n{"name":"Acme","scopes":["a:b"]}\n\`\`\`\n`;

describe('DraftSplitter', () => {
  it.each([1, 2, 3, 7, 1000])('passes the guide on and keeps the draft, in chunks of %i', (size) => {
    const splitter = new DraftSplitter();
    const shown: string[] = [];
    for (let i = 0; i < answer.length; i += size) shown.push(splitter.push(answer.slice(i, i + size)));
    shown.push(splitter.flush());
    expect(shown.join('')).toBe('## Create a token\n\n1. Open Settings.\n\n');
    expect(splitter.draft()).toEqual({ name: 'Acme', scopes: ['a:b'] });
  });

  it('holds back only what could begin the marker', () => {
    const splitter = new DraftSplitter();
    expect(splitter.push('Step one ===')).toBe('Step one ');
    expect(splitter.push(' not a marker')).toBe('=== not a marker');
    expect(splitter.push('all of it')).toBe('all of it');
  });

  it('answers no draft when there is no marker or no valid JSON after it', () => {
    const none = new DraftSplitter();
    expect(none.push('just a guide')).toBe('just a guide');
    expect(none.flush()).toBe('');
    expect(none.draft()).toBeUndefined();
    const broken = new DraftSplitter();
    broken.push(`guide ${DRAFT_MARKER} {"name": "Ac`);
    expect(broken.draft()).toBeUndefined();
  });
});
