import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PagedExport } from './paged-export';

const PAGE = 'x'.repeat(100 * 1024); // bigger than the stream's buffer: one page fills it

function pages(total: number) {
  let served = 0;
  const source = new PagedExport('header\n', () => {
    served += 1;
    return Promise.resolve({ chunks: [PAGE], rows: 10, more: served < total });
  });
  return { source, served: () => served };
}

describe('PagedExport', () => {
  it('streams the header, then every page, and counts the events', async () => {
    const { source, served } = pages(5);
    let bytes = 0;
    let first = '';
    await pipeline(
      source,
      new Writable({
        write(chunk: Buffer, _e, done) {
          if (!first) first = chunk.toString();
          bytes += chunk.length;
          done();
        },
      }),
    );
    expect(first).toBe('header\n');
    expect(bytes).toBe(7 + 5 * PAGE.length);
    expect(served()).toBe(5);
    expect(source.events).toBe(50);
  });

  it('reads ahead no further than its buffer while the consumer is not reading', async () => {
    const { source, served } = pages(1000);
    source.resume();
    source.pause();
    await new Promise((r) => setTimeout(r, 50));
    // What fills the 256 KiB buffer (three pages of 100 KiB), and the one page read ahead.
    expect(served()).toBeLessThanOrEqual(4);
    source.destroy();
  });

  it('asks for no page once destroyed (the client went away)', async () => {
    const { source, served } = pages(1000);
    const stopped = new Promise((r) => source.once('close', r));
    source.once('data', () => source.destroy());
    source.resume();
    await stopped;
    const after = served();
    await new Promise((r) => setTimeout(r, 50));
    expect(served()).toBe(after);
    expect(after).toBeLessThanOrEqual(3);
  });

  it('fails the stream when a page cannot be read', async () => {
    const source = new PagedExport('', () => Promise.reject(new Error('connection lost')));
    await expect(pipeline(source, new Writable({ write: (_c, _e, done) => done() }))).rejects.toThrow(
      'connection lost',
    );
  });
});
