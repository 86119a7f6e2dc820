import type { Page, StoredMessage } from './rest.js';

/** Where the timeline gets history from (the message service's REST API in the client). */
export interface HistorySource {
  /** Messages with seq > `afterSeq`, ascending. */
  after(afterSeq: number, limit: number): Promise<Page>;
  /** The newest messages with seq < `beforeSeq`, ascending. */
  before(beforeSeq: number, limit: number): Promise<Page>;
}

export const CATCH_UP_PAGE = 200;
export const OLDER_PAGE = 50;

/**
 * The stored messages of one conversation, contiguous by seq and in seq order, whatever order
 * live events, acks and history pages arrive in (seed 2.7).
 *
 * Rules: `lastSeq` is the highest contiguous seq. A message with seq = lastSeq + 1 is applied; one
 * with seq ≤ lastSeq is a duplicate and dropped; one further ahead is buffered and a catch-up pages
 * `afterSeq = lastSeq` until `hasMore` is false. While a catch-up runs, everything live is buffered
 * and applied afterwards in seq order. At most `limit` messages are kept; older ones are dropped
 * from memory and come back through `loadOlder()` (`beforeSeq`).
 */
export class Timeline {
  private readonly kept: StoredMessage[] = [];
  private buffer: StoredMessage[] = [];
  private last: number | undefined;
  private syncing: Promise<void> | undefined;
  private again = false;
  private older = false;
  private extra = 0;

  constructor(
    private readonly source: HistorySource,
    private readonly limit: number,
    private readonly applied: (messages: StoredMessage[]) => void,
    private readonly syncFailed: (error: unknown) => void = () => {},
  ) {}

  /** Highest contiguous seq, or undefined before the first load. */
  get lastSeq(): number | undefined {
    return this.last;
  }

  get messages(): readonly StoredMessage[] {
    return this.kept;
  }

  /** Whether older messages exist that are not in memory. */
  get hasOlder(): boolean {
    return this.older;
  }

  /** Whether a catch-up is running (live messages are buffered meanwhile). */
  get catchingUp(): boolean {
    return this.syncing !== undefined;
  }

  /**
   * First load: the newest `limit` messages up to `lastSeqOfConversation`, then a catch-up for what
   * arrived since.
   */
  async initialise(lastSeqOfConversation: number): Promise<void> {
    if (this.last !== undefined) return this.catchUp();
    if (lastSeqOfConversation > 0) {
      const page = await this.source.before(lastSeqOfConversation + 1, Math.min(this.limit, 500));
      this.kept.push(...page.messages);
      this.older = page.hasMore;
      this.last = lastSeqOfConversation;
      this.applied(page.messages);
    }
    this.last = lastSeqOfConversation;
    return this.catchUp();
  }

  /** A message from a live event or an ack, in any order. */
  receive(message: StoredMessage): void {
    if (this.last === undefined || this.syncing) {
      this.buffer.push(message);
      if (this.syncing && this.last !== undefined && message.seq > this.last + 1) this.again = true;
      return;
    }
    if (message.seq <= this.last) return;
    if (message.seq === this.last + 1) {
      this.apply([message]);
      this.drain();
      return;
    }
    this.buffer.push(message);
    this.catchUp().catch(this.syncFailed);
  }

  /**
   * Pages `afterSeq` until `hasMore` is false, then applies the buffer; repeats while the buffer
   * still shows a gap. Concurrent callers share one run.
   */
  catchUp(): Promise<void> {
    if (this.last === undefined) return Promise.resolve();
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      try {
        do {
          this.again = false;
          for (;;) {
            const before = this.last!;
            const page = await this.source.after(before, CATCH_UP_PAGE);
            const fresh = page.messages.filter((m) => m.seq > this.last!).sort((a, b) => a.seq - b.seq);
            const batch: StoredMessage[] = [];
            for (const m of fresh) {
              if (m.seq !== this.last! + 1) break;
              batch.push(m);
              this.last = m.seq;
            }
            if (batch.length) this.apply(batch, false);
            if (!page.hasMore || this.last === before) break;
          }
          this.drain();
        } while (this.again);
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }

  /** Pages one page of older messages into memory (they are kept on top of the limit). */
  async loadOlder(pageSize = OLDER_PAGE): Promise<number> {
    const oldest = this.kept[0]?.seq;
    if (oldest === undefined || !this.older) return 0;
    const page = await this.source.before(oldest, pageSize);
    const fresh = page.messages.filter((m) => m.seq < (this.kept[0]?.seq ?? Infinity));
    this.kept.unshift(...fresh);
    this.extra += fresh.length;
    this.older = page.hasMore;
    this.applied(fresh);
    return fresh.length;
  }

  /** Applies the buffered messages that are next in line; reports whether a gap remains. */
  private drain(): void {
    if (this.last === undefined || this.buffer.length === 0) return;
    const sorted = this.buffer.sort((a, b) => a.seq - b.seq);
    const batch: StoredMessage[] = [];
    const rest: StoredMessage[] = [];
    for (const m of sorted) {
      if (m.seq <= this.last) continue;
      if (m.seq === this.last + 1) {
        batch.push(m);
        this.last = m.seq;
      } else {
        rest.push(m);
      }
    }
    this.buffer = rest;
    if (batch.length) this.apply(batch, false);
    if (rest.length) {
      if (this.syncing) this.again = true;
      else this.catchUp().catch(this.syncFailed);
    }
  }

  private apply(batch: StoredMessage[], advance = true): void {
    if (advance) this.last = batch[batch.length - 1].seq;
    this.kept.push(...batch);
    const max = this.limit + this.extra;
    if (this.kept.length > max) {
      this.kept.splice(0, this.kept.length - max);
      this.older = true;
    }
    this.applied(batch);
  }
}
