import { Clock, systemClock, Timer } from './clock.js';
import {
  ChatError,
  Connection,
  ConnectionState,
  defaultNetwork,
  defaultVisibility,
  GetToken,
  Network,
  Visibility,
  WebSocketFactory,
} from './connection.js';
import { Conversation } from './conversation.js';
import { Emitter } from './emitter.js';
import { defaultOutboxStore, OutboxStore } from './outbox.js';
import { Rest } from './rest.js';
import type { Frame } from './stomp.js';

export interface ChatClientOptions {
  /** The edge's WebSocket URL, e.g. `ws://127.0.0.1:8080/ws`. */
  url: string;
  /** The signed-in user (the token's `sub`). */
  userId: string;
  /**
   * Called before every CONNECT that needs a token, on the server's expiry warning and once after a
   * rejection (`forceRefresh: true`: do not return a cached token). A throw ends in state `error`.
   */
  getToken: GetToken;
  /** Base URL of the message service REST API (conversations, history), e.g. `http://127.0.0.1:8081`. */
  messageServiceUrl: string;
  /** Base URL of the presence service (initial presence); optional. */
  presenceServiceUrl?: string;
  /** Base URL of the receipt service (initial watermarks, unread counts); optional. */
  receiptServiceUrl?: string;
  /** Messages kept in memory per conversation (default 100); older ones via `loadOlder()`. */
  messageLimit?: number;
  /** Outbox persistence; default IndexedDB in a browser, memory elsewhere. */
  store?: OutboxStore;
  webSocket?: WebSocketFactory;
  fetch?: typeof fetch;
  clock?: Clock;
  /** Jitter source, [0, 1). */
  random?: () => number;
  newId?: () => string;
  network?: Network;
  visibility?: Visibility;
  stableAfterMs?: number;
  suspendAfterMs?: number;
  heartbeatMs?: number;
}

export interface ClientError extends ChatError {
  destination?: string;
}

interface ClientEvents extends Record<string, unknown> {
  state: ConnectionState;
  /** Errors from `/user/queue/errors` and failures inside the SDK (REST unreachable, store errors). */
  error: ClientError | unknown;
  /** The number of sends not yet acknowledged changed. */
  outbox: number;
}

const USER_QUEUES = ['/user/queue/acks', '/user/queue/errors'] as const;

/**
 * The chat client: one connection, any number of open conversations.
 *
 * ```ts
 * const chat = new ChatClient({ url, userId: 'alice', getToken, messageServiceUrl });
 * chat.on('state', (s) => console.log(s.status));
 * await chat.connect();
 * const conv = chat.conversation(cid);
 * conv.on('change', () => render(conv.messages));
 * conv.send('hello');
 * ```
 */
export class ChatClient extends Emitter<ClientEvents> {
  readonly rest: Rest;
  readonly userId: string;
  private readonly connection: Connection;
  private readonly conversations = new Map<string, Conversation>();
  private readonly receipts = new Map<string, () => void>();
  private readonly confirmed = new Set<string>();
  private readonly store: OutboxStore;
  private readonly clock: Clock;
  private readonly resubscribe: Timer;
  private queuesLive = 0;
  private receiptCounter = 0;
  private orderCounter = 0;
  private restored: Promise<void> | undefined;

  constructor(private readonly options: ChatClientOptions) {
    super();
    this.userId = options.userId;
    this.clock = options.clock ?? systemClock;
    this.store = options.store ?? defaultOutboxStore(options.userId);
    this.resubscribe = new Timer(this.clock);
    this.connection = new Connection({
      url: options.url,
      getToken: options.getToken,
      webSocket: options.webSocket ?? ((url) => new (globalThis as unknown as { WebSocket: new (u: string) => never }).WebSocket(url)),
      clock: this.clock,
      random: options.random ?? Math.random,
      network: options.network ?? defaultNetwork(),
      visibility: options.visibility ?? defaultVisibility(),
      stableAfterMs: options.stableAfterMs,
      suspendAfterMs: options.suspendAfterMs,
      heartbeatMs: options.heartbeatMs,
    });
    this.rest = new Rest({
      messageServiceUrl: options.messageServiceUrl,
      presenceServiceUrl: options.presenceServiceUrl,
      receiptServiceUrl: options.receiptServiceUrl,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      token: (force) => this.connection.getToken(force, 'rest'),
    });
    this.connection.on('state', (state) => {
      if (state.status === 'suspended') for (const c of this.conversations.values()) c.onSuspended();
      this.emit('state', state);
    });
    this.connection.on('connected', () => this.onConnected());
    this.connection.on('disconnected', () => this.onDisconnected());
    this.connection.on('message', (frame) => this.onMessage(frame));
    this.connection.on('receipt', (id) => {
      const done = this.receipts.get(id);
      this.receipts.delete(id);
      done?.();
    });
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  /** Sends not yet acknowledged, over all conversations. */
  get outboxSize(): number {
    let n = 0;
    for (const c of this.conversations.values()) n += c.pendingCount;
    return n;
  }

  /**
   * Loads the outbox (sends left from an earlier run are resumed) and starts connecting. Resolves
   * once the outbox is loaded, not when connected: watch `state`.
   */
  async connect(): Promise<void> {
    this.restored ??= this.store.load().then((entries) => {
      for (const entry of entries) this.conversation(entry.conversationId).restore(entry);
      for (const entry of entries) this.orderCounter = Math.max(this.orderCounter, entry.order);
      this.emit('outbox', this.outboxSize);
    });
    await this.restored;
    this.connection.start();
  }

  /** Opens (subscribes) a conversation, or returns the open one. */
  conversation(id: string): Conversation {
    let conversation = this.conversations.get(id);
    if (conversation) return conversation;
    conversation = new Conversation(id, {
      userId: this.userId,
      clock: this.clock,
      rest: this.rest,
      store: this.store,
      connection: this.connection,
      newId: this.options.newId ?? (() => crypto.randomUUID()),
      nextOrder: () => (this.orderCounter = Math.max(this.orderCounter + 1, Date.now() * 1000)),
      messageLimit: this.options.messageLimit ?? 100,
      outboxChanged: () => queueMicrotask(() => this.emit('outbox', this.outboxSize)),
      report: (error) => this.emit('error', error),
    });
    this.conversations.set(id, conversation);
    if (this.connection.connected) this.subscribeTopic(conversation);
    return conversation;
  }

  /** Stops typing in and unsubscribes from a conversation (its queued sends stay in the outbox). */
  leave(id: string): void {
    const conversation = this.conversations.get(id);
    if (!conversation) return;
    conversation.dispose();
    this.conversations.delete(id);
    this.connection.send({ command: 'UNSUBSCRIBE', headers: { id: `c-${id}` }, body: '' });
  }

  /** Closes the connection for good; no timer or listener stays behind. */
  close(): void {
    this.resubscribe.clear();
    for (const c of this.conversations.values()) c.dispose();
    this.connection.close();
  }

  private onConnected(): void {
    this.queuesLive = 0;
    this.confirmed.clear();
    for (const destination of USER_QUEUES) {
      const receipt = this.nextReceipt();
      this.receipts.set(receipt, () => {
        this.queuesLive++;
        if (this.queuesLive === USER_QUEUES.length) {
          for (const id of this.confirmed) this.conversations.get(id)?.onLive();
        }
      });
      this.connection.send({ command: 'SUBSCRIBE', headers: { id: destination, destination, receipt }, body: '' });
    }
    for (const conversation of this.conversations.values()) this.subscribeTopic(conversation);
  }

  private subscribeTopic(conversation: Conversation): void {
    const receipt = this.nextReceipt();
    this.receipts.set(receipt, () => {
      this.confirmed.add(conversation.id);
      // Flush only once acks can arrive too: every user queue is confirmed.
      if (this.queuesLive === USER_QUEUES.length && this.conversations.get(conversation.id) === conversation) conversation.onLive();
    });
    this.connection.send({
      command: 'SUBSCRIBE',
      headers: { id: `c-${conversation.id}`, destination: `/topic/conversations/${conversation.id}`, receipt },
      body: '',
    });
  }

  private onDisconnected(): void {
    this.receipts.clear();
    this.confirmed.clear();
    this.queuesLive = 0;
    for (const c of this.conversations.values()) c.onDisconnected();
  }

  private onMessage(frame: Frame): void {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(frame.body);
    } catch {
      return;
    }
    const destination = frame.headers.destination ?? '';
    if (destination === '/user/queue/acks') {
      const conversation = this.conversations.get(body.conversationId as string);
      if (conversation?.onAck(body as never)) return;
      for (const c of this.conversations.values()) if (c.onAck(body as never)) return;
      return;
    }
    if (destination === '/user/queue/errors') {
      this.onClientError(body as unknown as ClientError);
      return;
    }
    const match = /^\/topic\/conversations\/(.+)$/.exec(destination);
    if (match) this.conversations.get(match[1])?.onEvent(body);
  }

  private onClientError(error: ClientError): void {
    const match = /^\/topic\/conversations\/(.+)$/.exec(error.destination ?? '');
    const conversation = match ? this.conversations.get(match[1]) : undefined;
    if (conversation && (error.code === 'INTERNAL' || error.code === 'LIMIT_EXCEEDED')) {
      // The membership check failed on the server: subscribe again shortly.
      this.resubscribe.set(2000, () => {
        if (this.connection.connected && this.conversations.get(conversation.id) === conversation) this.subscribeTopic(conversation);
      });
    } else if (conversation && (error.code === 'NOT_MEMBER' || error.code === 'NOT_FOUND')) {
      conversation.onRefused(error);
    }
    this.emit('error', error);
  }

  private nextReceipt(): string {
    return `r-${++this.receiptCounter}`;
  }
}
