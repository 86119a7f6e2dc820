import { ACK_TIMEOUT_MS, SEND_RETRY_DELAYS_MS } from './backoff.js';
import { Clock, Timer } from './clock.js';
import type { ChatError, Connection } from './connection.js';
import { Emitter } from './emitter.js';
import type { OutboxEntry, OutboxStore } from './outbox.js';
import type { ConversationInfo, MemberReceipt, Rest, StoredMessage } from './rest.js';
import { Timeline } from './timeline.js';
import { RemoteTypers, TypingSender } from './typing.js';

export type MessageStatus = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** One line of the message list, stored or still on its way. */
export interface MessageView {
  /** Stable across the optimistic → stored transition: the clientMessageId, else the messageId. */
  key: string;
  clientMessageId?: string;
  messageId?: string;
  seq?: number;
  senderId: string;
  text: string;
  createdAt: string;
  status: MessageStatus;
  /** Why it failed (status `failed`). */
  error?: ChatError;
  own: boolean;
}

export interface Ack {
  clientMessageId: string;
  conversationId: string;
  messageId: string;
  seq: number;
  createdAt: string;
}

export interface SendHandle {
  clientMessageId: string;
  /** Resolves on ACCEPTED; rejects with a {@link ChatError} when the send fails (it can be retried). */
  acked: Promise<Ack>;
}

export interface Presence {
  online: boolean;
  lastSeenAt?: string | null;
}

/** What a conversation needs from its client. */
export interface ConversationContext {
  userId: string;
  clock: Clock;
  rest: Rest;
  store: OutboxStore;
  connection: Connection;
  newId(): string;
  nextOrder(): number;
  messageLimit: number;
  outboxChanged(): void;
  report(error: unknown): void;
}

type Phase = 'queued' | 'inflight' | 'waiting' | 'acked' | 'failed';

interface Outgoing {
  entry: OutboxEntry;
  phase: Phase;
  /** Retransmissions after an ack timeout that elapsed while connected (at most 3). */
  retries: number;
  stored: boolean;
  ackTimer: Timer;
  waitTimer: Timer;
  promise: Promise<Ack>;
  resolve(ack: Ack): void;
  reject(error: ChatError): void;
}

const TRANSIENT = new Set(['RATE_LIMITED', 'OVERLOADED']);
const RECEIPT_COALESCE_MS = 250;
const READ_THROTTLE_MS = 1000;

interface ConversationEvents extends Record<string, unknown> {
  change: void;
}

/**
 * One conversation as the app sees it: the ordered message list with statuses, the outbox of its
 * sends, typing, presence and receipts. Get one with `client.conversation(id)`; listen to
 * `change` and read the getters.
 */
export class Conversation extends Emitter<ConversationEvents> {
  private readonly timeline: Timeline;
  private readonly outgoing: Outgoing[] = [];
  private readonly watermarks = new Map<string, { delivered: number; read: number }>();
  private readonly presenceMap = new Map<string, Presence>();
  private readonly typingSender: TypingSender;
  private readonly remoteTypers: RemoteTypers;
  private readonly receiptTimer: Timer;
  private readonly retryLoadTimer: Timer;
  private readonly retryReceiptsTimer: Timer;
  private details: ConversationInfo | undefined;
  private ready = false;
  private loading: Promise<void> | undefined;
  private deliveredTarget = 0;
  private deliveredSent = 0;
  private readTarget = 0;
  private readSent = 0;
  private lastReadAt = -Infinity;
  private closed = false;
  /** Set when the server refused or ended the subscription (NOT_MEMBER, NOT_FOUND). */
  refused: ChatError | undefined;

  constructor(readonly id: string, private readonly ctx: ConversationContext) {
    super();
    const rest = ctx.rest;
    this.timeline = new Timeline(
      {
        after: (seq, limit) => rest.messagesAfter(id, seq, limit),
        before: (seq, limit) => rest.messagesBefore(id, seq, limit),
      },
      ctx.messageLimit,
      (batch) => this.onApplied(batch),
      (error) => this.onSyncFailed(error),
    );
    this.typingSender = new TypingSender(ctx.clock, (typing) => this.sendFrame('typing', { typing }));
    this.remoteTypers = new RemoteTypers(ctx.clock, ctx.userId, () => this.changed());
    this.receiptTimer = new Timer(ctx.clock);
    this.retryLoadTimer = new Timer(ctx.clock);
    this.retryReceiptsTimer = new Timer(ctx.clock);
  }

  // ---- what the app reads -------------------------------------------------------------------

  /** Stored messages in seq order, then this device's pending ones in send order. */
  get messages(): MessageView[] {
    const views: MessageView[] = this.timeline.messages.map((m) => ({
      key: m.clientMessageId ?? m.messageId,
      clientMessageId: m.clientMessageId,
      messageId: m.messageId,
      seq: m.seq,
      senderId: m.senderId,
      text: m.text,
      createdAt: m.createdAt,
      status: this.statusOf(m.seq, m.senderId),
      own: m.senderId === this.ctx.userId,
    }));
    for (const item of this.outgoing) {
      const view: MessageView = {
        key: item.entry.clientMessageId,
        clientMessageId: item.entry.clientMessageId,
        senderId: this.ctx.userId,
        text: item.entry.text,
        createdAt: item.entry.createdAt,
        status: item.phase === 'failed' ? 'failed' : item.phase === 'acked' ? 'sent' : 'sending',
        own: true,
      };
      if (item.entry.failed) view.error = item.entry.failed;
      views.push(view);
    }
    return views;
  }

  get info(): ConversationInfo | undefined {
    return this.details;
  }

  get memberIds(): string[] {
    return this.details?.memberIds ?? [];
  }

  /** Highest contiguous seq known (undefined before the first load). */
  get lastSeq(): number | undefined {
    return this.timeline.lastSeq;
  }

  get hasOlder(): boolean {
    return this.timeline.hasOlder;
  }

  /** Other members typing now (never this user). */
  get typers(): string[] {
    return this.remoteTypers.userIds;
  }

  /** Last known presence per member; see {@link presenceStale}. */
  get presence(): ReadonlyMap<string, Presence> {
    return this.presenceMap;
  }

  /** True while disconnected: presence may be out of date. */
  get presenceStale(): boolean {
    return !this.ready;
  }

  /** Whether the subscription is confirmed and live events flow. */
  get live(): boolean {
    return this.ready;
  }

  /** Whether the first load or a catch-up from history is running (live events are buffered). */
  get catchingUp(): boolean {
    return this.loading !== undefined || this.timeline.catchingUp;
  }

  /** Sends not yet acknowledged (failed ones not counted). */
  get pendingCount(): number {
    return this.outgoing.filter((o) => o.phase !== 'failed' && o.phase !== 'acked').length;
  }

  /** Watermarks per member, max-merged. */
  receipt(userId: string): { delivered: number; read: number } {
    return this.watermarks.get(userId) ?? { delivered: 0, read: 0 };
  }

  // ---- what the app does --------------------------------------------------------------------

  /**
   * Sends `text`: it shows at once as `sending`, is written to the outbox before the first SEND and
   * is retried with the same clientMessageId until acknowledged or failed.
   */
  send(text: string): SendHandle {
    this.typingSender.stop();
    const entry: OutboxEntry = {
      clientMessageId: this.ctx.newId(),
      conversationId: this.id,
      text,
      createdAt: new Date().toISOString(),
      order: this.ctx.nextOrder(),
    };
    const item = this.track(entry);
    if (this.ctx.connection.isSuspended) {
      // Offline for a long time: fail fast; the app may retry once the connection is back.
      this.fail(item, { code: 'OFFLINE', message: 'not connected for a long time; retry when online' });
    } else {
      this.ctx.store.put(entry).then(
        () => {
          item.stored = true;
          this.pump();
        },
        (error) => this.ctx.report(error),
      );
    }
    this.changed();
    return { clientMessageId: entry.clientMessageId, acked: item.promise };
  }

  /** Sends a failed message again, with the same clientMessageId, after the other queued ones. */
  retry(clientMessageId: string): boolean {
    const index = this.outgoing.findIndex((o) => o.entry.clientMessageId === clientMessageId && o.phase === 'failed');
    if (index < 0) return false;
    const [item] = this.outgoing.splice(index, 1);
    delete item.entry.failed;
    item.entry.order = this.ctx.nextOrder();
    item.phase = 'queued';
    item.retries = 0;
    item.stored = false;
    this.renewPromise(item);
    this.outgoing.push(item);
    this.ctx.store.put(item.entry).then(
      () => {
        item.stored = true;
        this.pump();
      },
      (error) => this.ctx.report(error),
    );
    this.changed();
    return true;
  }

  /** Drops a failed message from the list and the outbox. */
  discard(clientMessageId: string): boolean {
    const index = this.outgoing.findIndex((o) => o.entry.clientMessageId === clientMessageId && o.phase === 'failed');
    if (index < 0) return false;
    this.outgoing.splice(index, 1);
    void this.ctx.store.remove(clientMessageId).catch((e) => this.ctx.report(e));
    this.changed();
    return true;
  }

  /** Call on every keystroke in the composer. */
  typing(): void {
    this.typingSender.keystroke();
  }

  /** The user stopped typing (blur, cleared input). */
  stopTyping(): void {
    this.typingSender.stop();
  }

  /** The user has seen everything up to `upToSeq` (default: the newest stored message). Throttled. */
  markRead(upToSeq = this.timeline.lastSeq ?? 0): void {
    if (upToSeq <= this.readTarget) return;
    this.readTarget = upToSeq;
    if (upToSeq > this.deliveredTarget) this.deliveredTarget = upToSeq;
    this.scheduleReceipts();
  }

  /** Pages older messages into memory; resolves with how many came. */
  async loadOlder(): Promise<number> {
    const count = await this.timeline.loadOlder();
    this.changed();
    return count;
  }

  // ---- driven by the client -----------------------------------------------------------------

  /** @internal Restores an outbox entry after a reload (before or after sends made since). */
  restore(entry: OutboxEntry): void {
    if (this.outgoing.some((o) => o.entry.clientMessageId === entry.clientMessageId)) return;
    const item = this.track(entry, false);
    item.stored = true;
    if (entry.failed) item.phase = 'failed';
    this.outgoing.splice(this.outgoing.indexOf(item), 1);
    const at = this.outgoing.findIndex((o) => o.entry.order > entry.order);
    this.outgoing.splice(at < 0 ? this.outgoing.length : at, 0, item);
    this.changed();
    this.pump();
  }

  /** @internal The subscription is confirmed (RECEIPT): load or catch up, then flush the outbox. */
  onLive(): void {
    this.ready = true;
    this.refused = undefined;
    this.changed();
    this.pump();
    this.scheduleReceipts();
    void this.load();
  }

  /** @internal The socket is gone. */
  onDisconnected(): void {
    this.ready = false;
    this.typingSender.reset();
    this.remoteTypers.clear();
    this.receiptTimer.clear();
    this.retryLoadTimer.clear();
    this.retryReceiptsTimer.clear();
    for (const item of this.outgoing) {
      if (item.phase === 'inflight' || item.phase === 'waiting') {
        item.ackTimer.clear();
        item.waitTimer.clear();
        item.phase = 'queued';
      }
    }
    this.changed();
  }

  /** @internal Offline for long: queued sends fail fast. */
  onSuspended(): void {
    for (const item of [...this.outgoing]) {
      if (item.phase === 'queued') this.fail(item, { code: 'OFFLINE', message: 'not connected for a long time; retry when online' });
    }
  }

  /** @internal The server refused or ended the subscription. */
  onRefused(error: ChatError): void {
    this.ready = false;
    this.refused = error;
    this.changed();
  }

  /** @internal An ack on /user/queue/acks for a clientMessageId of this conversation. */
  onAck(ack: { clientMessageId: string; status: string; messageId?: string; seq?: number; createdAt?: string; error?: ChatError & { retryAfterMs?: number }; retryAfterMs?: number }): boolean {
    const item = this.outgoing.find((o) => o.entry.clientMessageId === ack.clientMessageId);
    if (!item) return false;
    if (ack.status === 'ACCEPTED' && ack.seq !== undefined && ack.messageId && ack.createdAt) {
      if (item.phase === 'acked') return true;
      item.ackTimer.clear();
      item.waitTimer.clear();
      item.phase = 'acked';
      delete item.entry.failed;
      const stored: StoredMessage = {
        messageId: ack.messageId,
        conversationId: this.id,
        seq: ack.seq,
        senderId: this.ctx.userId,
        clientMessageId: ack.clientMessageId,
        text: item.entry.text,
        createdAt: ack.createdAt,
      };
      item.resolve({ clientMessageId: ack.clientMessageId, conversationId: this.id, messageId: ack.messageId, seq: ack.seq, createdAt: ack.createdAt });
      void this.ctx.store.remove(ack.clientMessageId).catch((e) => this.ctx.report(e));
      this.ctx.outboxChanged();
      this.changed();
      // The stored version replaces the optimistic one through the same path as live events.
      this.timeline.receive(stored);
      this.pump();
      return true;
    }
    if (item.phase === 'acked' || item.phase === 'failed') return true;
    const error: ChatError = { code: ack.error?.code ?? 'INTERNAL', message: ack.error?.message ?? 'rejected' };
    item.ackTimer.clear();
    if (TRANSIENT.has(error.code) || error.code === 'INTERNAL') {
      if (error.code === 'INTERNAL') {
        if (item.retries >= SEND_RETRY_DELAYS_MS.length) {
          this.fail(item, error);
          return true;
        }
        item.retries++;
      }
      const wait = ack.error?.retryAfterMs ?? ack.retryAfterMs ?? 1000;
      item.phase = 'waiting';
      item.waitTimer.set(wait, () => this.requeue(item));
      return true;
    }
    this.fail(item, error);
    return true;
  }

  /** @internal A conversation event from the topic. */
  onEvent(event: Record<string, unknown>): void {
    switch (event.type) {
      case 'message.created':
        this.timeline.receive(event as unknown as StoredMessage);
        return;
      case 'typing.updated':
        this.remoteTypers.update((event.userIds as string[]) ?? []);
        return;
      case 'presence.updated':
        this.presenceMap.set(event.userId as string, { online: !!event.online, lastSeenAt: event.lastSeenAt as string | null });
        this.changed();
        return;
      case 'receipt.updated':
        this.mergeReceipt(event as unknown as MemberReceipt);
        this.changed();
        return;
      default:
        return;
    }
  }

  /** @internal */
  dispose(): void {
    this.closed = true;
    this.onDisconnected();
    for (const item of this.outgoing) {
      item.ackTimer.clear();
      item.waitTimer.clear();
    }
  }

  // ---- internals ----------------------------------------------------------------------------

  private track(entry: OutboxEntry, push = true): Outgoing {
    const item = {
      entry,
      phase: 'queued' as Phase,
      retries: 0,
      stored: false,
      ackTimer: new Timer(this.ctx.clock),
      waitTimer: new Timer(this.ctx.clock),
      promise: Promise.resolve() as unknown as Promise<Ack>,
      resolve: () => {},
      reject: () => {},
    } as Outgoing;
    this.renewPromise(item);
    this.outgoing.push(item);
    if (!push) return item;
    this.ctx.outboxChanged();
    return item;
  }

  private renewPromise(item: Outgoing): void {
    const promise = new Promise<Ack>((resolve, reject) => {
      item.resolve = resolve;
      item.reject = reject;
    });
    // Nobody may be waiting (e.g. after a reload): a failure must not become an unhandled rejection.
    promise.catch(() => {});
    item.promise = promise;
  }

  /** Sends the first queued message when the conversation is live: one in flight at a time, in order. */
  private pump(): void {
    if (!this.ready || this.closed) return;
    const head = this.outgoing.find((o) => o.phase !== 'acked' && o.phase !== 'failed');
    if (!head || head.phase !== 'queued' || !head.stored) return;
    this.transmit(head);
  }

  private transmit(item: Outgoing): void {
    const sent = this.ctx.connection.send({
      command: 'SEND',
      headers: { destination: `/app/conversations/${this.id}/messages`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: item.entry.clientMessageId, text: item.entry.text }),
    });
    if (!sent) return;
    item.phase = 'inflight';
    item.ackTimer.set(ACK_TIMEOUT_MS, () => this.onAckTimeout(item));
  }

  private onAckTimeout(item: Outgoing): void {
    if (item.phase !== 'inflight') return;
    // The ack may be lost while the message is stored: history shows it (merged by clientMessageId).
    this.timeline.catchUp().catch(() => {});
    if (item.retries >= SEND_RETRY_DELAYS_MS.length) {
      this.fail(item, { code: 'TIMEOUT', message: 'no ack after 4 attempts' });
      return;
    }
    const wait = SEND_RETRY_DELAYS_MS[item.retries];
    item.retries++;
    item.phase = 'waiting';
    item.waitTimer.set(wait, () => this.requeue(item));
  }

  private requeue(item: Outgoing): void {
    if (item.phase !== 'waiting') return;
    item.phase = 'queued';
    this.pump();
  }

  private fail(item: Outgoing, error: ChatError): void {
    item.ackTimer.clear();
    item.waitTimer.clear();
    item.phase = 'failed';
    item.entry.failed = error;
    item.stored = true;
    this.ctx.store.put(item.entry).catch((e) => this.ctx.report(e));
    item.reject(error);
    this.ctx.outboxChanged();
    this.changed();
    this.pump();
  }

  private onApplied(batch: StoredMessage[]): void {
    let newest = 0;
    for (const m of batch) {
      newest = Math.max(newest, m.seq);
      // A sender has read everything up to their own message; the server stores that but sends no
      // receipt.updated for it (docs/protocol.md).
      this.mergeReceipt({ userId: m.senderId, deliveredUpToSeq: m.seq, readUpToSeq: m.seq });
      if (m.senderId !== this.ctx.userId) continue;
      const index = this.outgoing.findIndex((o) => o.entry.clientMessageId === m.clientMessageId);
      if (index < 0) continue;
      const [item] = this.outgoing.splice(index, 1);
      item.ackTimer.clear();
      item.waitTimer.clear();
      if (item.phase !== 'acked') {
        // The event beat the ack (or the ack was lost): the message is stored, so it is sent.
        item.resolve({ clientMessageId: m.clientMessageId, conversationId: this.id, messageId: m.messageId, seq: m.seq, createdAt: m.createdAt });
        void this.ctx.store.remove(m.clientMessageId).catch((e) => this.ctx.report(e));
        this.ctx.outboxChanged();
      }
      // Whatever state it was in, the next queued send may go now.
      queueMicrotask(() => this.pump());
    }
    if (newest > this.deliveredTarget && (this.timeline.lastSeq ?? 0) >= newest) {
      this.deliveredTarget = this.timeline.lastSeq ?? newest;
      this.scheduleReceipts();
    }
    this.changed();
  }

  private async load(): Promise<void> {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      try {
        if (!this.details) this.details = await this.ctx.rest.conversation(this.id);
        this.loadReceipts();
        this.loadPresence(this.details);
        await this.timeline.initialise(this.details.lastSeq);
        this.changed();
      } catch (error) {
        this.onSyncFailed(error);
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /**
   * The members' watermarks, beside the messages and never holding them up. The receipt service learns a
   * conversation from Kafka, so right after it was created it may not know it yet (404): reported, and
   * asked again in 2 s while the subscription is live.
   */
  private loadReceipts(): void {
    if (!this.ctx.rest.hasReceipts) return;
    this.ctx.rest
      .receipts(this.id)
      .then((all) => {
        all.forEach((r) => this.mergeReceipt(r));
        this.changed();
      })
      .catch((error) => {
        this.ctx.report(error);
        if (this.ready && !this.closed) this.retryReceiptsTimer.set(2000, () => this.loadReceipts());
      });
  }

  /**
   * The current presence of the members who took part — only they share it (ADR 10): asking for anyone else
   * is refused as a whole. Live presence.updated events fill in the rest, so a failure is only reported.
   */
  private loadPresence(details: ConversationInfo): void {
    const participants = details.participantIds ?? [];
    if (!this.ctx.rest.hasPresence || participants.length === 0) return;
    this.ctx.rest
      .presence(participants)
      .then((all) => {
        for (const p of all) if (!this.presenceMap.has(p.userId)) this.presenceMap.set(p.userId, { online: p.online, lastSeenAt: p.lastSeenAt });
        this.changed();
      })
      .catch((error) => this.ctx.report(error));
  }

  private onSyncFailed(error: unknown): void {
    this.ctx.report(error);
    // History or REST was unreachable: try again while the subscription is live.
    if (this.ready && !this.closed) this.retryLoadTimer.set(2000, () => void this.load());
  }

  private mergeReceipt(r: MemberReceipt): void {
    const old = this.watermarks.get(r.userId) ?? { delivered: 0, read: 0 };
    const read = Math.max(old.read, r.readUpToSeq ?? 0);
    const delivered = Math.max(old.delivered, r.deliveredUpToSeq ?? 0, read);
    this.watermarks.set(r.userId, { delivered, read });
    if (r.userId === this.ctx.userId) {
      this.deliveredSent = Math.max(this.deliveredSent, delivered);
      this.readSent = Math.max(this.readSent, read);
    }
  }

  /** sent → delivered → read, from every other member's watermark (docs/protocol.md). */
  private statusOf(seq: number, senderId: string): MessageStatus {
    const others = this.memberIds.filter((m) => m !== senderId);
    if (others.length === 0) return 'sent';
    if (others.every((m) => this.receipt(m).read >= seq)) return 'read';
    if (others.every((m) => this.receipt(m).delivered >= seq)) return 'delivered';
    return 'sent';
  }

  private scheduleReceipts(): void {
    if (!this.ready || this.receiptTimer.pending) return;
    this.receiptTimer.set(RECEIPT_COALESCE_MS, () => this.flushReceipts());
  }

  private flushReceipts(): void {
    if (!this.ready) return;
    if (this.deliveredTarget > this.deliveredSent && this.sendFrame('delivered', { upToSeq: this.deliveredTarget })) {
      this.deliveredSent = this.deliveredTarget;
    }
    if (this.readTarget > this.readSent) {
      const wait = this.lastReadAt + READ_THROTTLE_MS - this.ctx.clock.now();
      if (wait > 0) {
        this.receiptTimer.set(wait, () => this.flushReceipts());
      } else if (this.sendFrame('read', { upToSeq: this.readTarget })) {
        this.readSent = this.readTarget;
        this.lastReadAt = this.ctx.clock.now();
      }
    }
  }

  private sendFrame(kind: 'typing' | 'delivered' | 'read', body: unknown): boolean {
    if (!this.ready) return false;
    return this.ctx.connection.send({
      command: 'SEND',
      headers: { destination: `/app/conversations/${this.id}/${kind}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private changed(): void {
    this.emit('change', undefined);
  }
}
