import type { ChatError } from './connection.js';

/** A send the server has not acknowledged yet (or that failed), as kept by an {@link OutboxStore}. */
export interface OutboxEntry {
  clientMessageId: string;
  conversationId: string;
  text: string;
  /** ISO-8601, when the app called `send`. */
  createdAt: string;
  /** Sort key: entries are sent in this order (per conversation). */
  order: number;
  /** Set when the send failed for good; a manual retry clears it. */
  failed?: ChatError;
}

/**
 * Where unacknowledged sends live. An entry is written before its first SEND and removed when the
 * ACCEPTED ack arrives, so a crash or page reload in between loses nothing.
 */
export interface OutboxStore {
  load(): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  remove(clientMessageId: string): Promise<void>;
}

/** The Node default: entries live as long as the process. */
export class MemoryOutboxStore implements OutboxStore {
  private readonly entries = new Map<string, OutboxEntry>();

  async load(): Promise<OutboxEntry[]> {
    return [...this.entries.values()].map((e) => ({ ...e })).sort((a, b) => a.order - b.order);
  }

  async put(entry: OutboxEntry): Promise<void> {
    this.entries.set(entry.clientMessageId, { ...entry });
  }

  async remove(clientMessageId: string): Promise<void> {
    this.entries.delete(clientMessageId);
  }
}

/** The browser default: one IndexedDB database per user (`chat-outbox-<userId>`), one object store. */
export class IndexedDbOutboxStore implements OutboxStore {
  private db: Promise<IDBDatabase> | undefined;

  constructor(private readonly name: string, private readonly factory: IDBFactory = indexedDB) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const request = this.factory.open(this.name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('outbox', { keyPath: 'clientMessageId' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return this.db;
  }

  private async run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      // Relaxed: committed once handed to the OS — it survives a reload or a browser crash (what the
      // outbox is for) without an fsync per send, which would pace sending.
      const tx = db.transaction('outbox', mode, { durability: 'relaxed' });
      const request = work(tx.objectStore('outbox'));
      // Resolve on commit, not on request success: only then is the entry durable.
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  async load(): Promise<OutboxEntry[]> {
    const all = await this.run('readonly', (s) => s.getAll() as IDBRequest<OutboxEntry[]>);
    return all.sort((a, b) => a.order - b.order);
  }

  async put(entry: OutboxEntry): Promise<void> {
    await this.run('readwrite', (s) => s.put(entry));
  }

  async remove(clientMessageId: string): Promise<void> {
    await this.run('readwrite', (s) => s.delete(clientMessageId));
  }
}

export function defaultOutboxStore(userId: string): OutboxStore {
  return typeof indexedDB !== 'undefined' ? new IndexedDbOutboxStore(`chat-outbox-${userId}`) : new MemoryOutboxStore();
}
