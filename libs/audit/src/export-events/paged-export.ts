import { Readable } from 'node:stream';

export interface ExportPage {
  /** The page's lines, terminated, in a few texts of many lines each (none for an empty page). */
  chunks: string[];
  /** How many events the page holds. */
  rows: number;
  /** False once the last page has been read. */
  more: boolean;
}

/**
 * A byte stream that reads the next page only when the consumer has taken the previous one,
 * with one page read ahead so that PostgreSQL builds it while Node sends the last: at most two
 * pages are held in memory however long the export, and a client that goes away stops the
 * queries (the stream is destroyed and asks for no further page).
 */
export class PagedExport extends Readable {
  private started = false;
  private ahead: Promise<ExportPage> | null = null;
  /** Events pushed so far. */
  events = 0;

  constructor(
    private readonly header: string,
    private readonly nextPage: () => Promise<ExportPage>,
  ) {
    super({ highWaterMark: 256 * 1024 });
  }

  private fetch(): Promise<ExportPage> {
    const page = this.nextPage();
    page.catch(() => undefined); // read ahead: its failure is reported when it is awaited
    return page;
  }

  override _read(): void {
    if (!this.started) {
      this.started = true;
      this.ahead = this.fetch();
      // The header (if any) goes out at once, so the response starts before the first query.
      if (this.header) {
        this.push(this.header);
        return;
      }
    }
    const current = this.ahead ?? this.fetch();
    this.ahead = null;
    current.then(
      (page) => {
        if (this.destroyed) return;
        if (page.more) this.ahead = this.fetch();
        this.events += page.rows;
        for (const chunk of page.chunks) this.push(chunk);
        if (!page.more) this.push(null);
        // An empty page that is not the last asks for the next one.
        else if (page.chunks.length === 0) this._read();
      },
      (error: unknown) => this.destroy(error as Error),
    );
  }
}
