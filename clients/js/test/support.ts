import type { Clock, TimerHandle } from '../src/clock.js';
import type { Network, WebSocketLike } from '../src/connection.js';
import { encodeFrame, Frame, FrameDecoder } from '../src/stomp.js';
import type { ConversationInfo, StoredMessage } from '../src/rest.js';

/** Lets pending promise callbacks and microtasks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A clock whose time moves only through `advance`, running due timers in order. */
export class FakeClock implements Clock {
  private time = 0;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void; order: number }>();

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn, order: id });
    return id;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, running every timer that falls due, with promises settled between. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      let next: [number, { at: number; fn: () => void; order: number }] | undefined;
      for (const entry of this.timers) {
        if (entry[1].at <= end && (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].order < next[1].order))) next = entry;
      }
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

export class FakeNetwork implements Network {
  online = true;
  private readonly listeners = new Set<(online: boolean) => void>();

  isOnline(): boolean {
    return this.online;
  }

  subscribe(listener: (online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(online: boolean): void {
    this.online = online;
    for (const l of [...this.listeners]) l(online);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

export class FakeSocket implements WebSocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  binaryType?: string;
  closed = false;
  readonly received: Frame[] = [];
  private readonly decoder = new FrameDecoder();

  constructor(private readonly server: FakeStompServer, readonly url: string) {}

  heartbeats = 0;

  send(data: string): void {
    if (this.closed) throw new Error('send on a closed socket');
    if (data === '\n') this.heartbeats++;
    for (const frame of this.decoder.push(data)) {
      this.received.push(frame);
      this.server.handle(this, frame);
    }
  }

  close(): void {
    this.closed = true;
  }

  /** The server side ends the socket. */
  drop(code = 1006): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.({ code });
  }

  deliver(frame: Frame): void {
    if (!this.closed) this.onmessage?.({ data: encodeFrame(frame) });
  }

  message(destination: string, body: unknown): void {
    this.deliver({ command: 'MESSAGE', headers: { destination, subscription: 'x', 'message-id': 'm' }, body: JSON.stringify(body) });
  }
}

/**
 * An in-process STOMP server (the contract of docs/protocol.md, minus Kafka): answers CONNECT,
 * SUBSCRIBE receipts and, when `autoAck` is on, acks every message send with the next seq and
 * publishes it to the topic subscribers.
 */
export class FakeStompServer {
  readonly sockets: FakeSocket[] = [];
  /** Decides each CONNECT: return an error code to refuse it. */
  onConnect: (token: string) => string | undefined = () => undefined;
  heartBeat = '0,0';
  autoOpen = true;
  autoReceipt = true;
  autoAck = true;
  refuseSockets = false;
  readonly tokens: string[] = [];
  readonly conversations = new Map<string, { info: ConversationInfo; messages: StoredMessage[] }>();
  /** The userIds of every presence request, in order. */
  readonly presenceRequests: string[][] = [];
  /** Paths of every REST request, in order. */
  readonly restRequests: string[] = [];
  /** How many receipts requests to answer 404 (the receipt service does not know the conversation yet). */
  receiptsUnknownFor = 0;
  private ids = 0;

  readonly factory = (url: string): WebSocketLike => {
    const socket = new FakeSocket(this, url);
    this.sockets.push(socket);
    if (this.refuseSockets) {
      queueMicrotask(() => socket.drop(1006));
    } else if (this.autoOpen) {
      queueMicrotask(() => !socket.closed && socket.onopen?.({}));
    }
    return socket;
  };

  get current(): FakeSocket {
    return this.sockets[this.sockets.length - 1];
  }

  /** SEND frames to `suffix` (e.g. `/messages`) on every socket, in order. */
  sends(suffix = '/messages'): Array<Record<string, unknown>> {
    return this.sockets.flatMap((s) => s.received.filter((f) => f.command === 'SEND' && f.headers.destination.endsWith(suffix)).map((f) => JSON.parse(f.body)));
  }

  conversation(id: string, memberIds: string[]): void {
    this.conversations.set(id, {
      info: { id, createdBy: memberIds[0], createdAt: '2026-01-01T00:00:00Z', lastSeq: 0, memberIds, participantIds: memberIds.slice(0, 1) },
      messages: [],
    });
  }

  /** Stores a message as the message service would and returns it (not published). */
  store(conversationId: string, senderId: string, text: string, clientMessageId = `c-${++this.ids}`): StoredMessage {
    const conv = this.conversations.get(conversationId)!;
    const existing = conv.messages.find((m) => m.clientMessageId === clientMessageId && m.senderId === senderId);
    if (existing) return existing;
    const message: StoredMessage = {
      messageId: `m-${++this.ids}`,
      conversationId,
      seq: conv.messages.length + 1,
      senderId,
      clientMessageId,
      text,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, conv.messages.length)).toISOString(),
    };
    conv.messages.push(message);
    conv.info.lastSeq = message.seq;
    return message;
  }

  publish(message: StoredMessage): void {
    for (const socket of this.sockets) {
      if (socket.closed) continue;
      const subscribed = socket.received.some((f) => f.command === 'SUBSCRIBE' && f.headers.destination === `/topic/conversations/${message.conversationId}`);
      if (subscribed) socket.message(`/topic/conversations/${message.conversationId}`, { type: 'message.created', ...message });
    }
  }

  ack(socket: FakeSocket, message: StoredMessage): void {
    socket.message('/user/queue/acks', { clientMessageId: message.clientMessageId, conversationId: message.conversationId, status: 'ACCEPTED', messageId: message.messageId, seq: message.seq, createdAt: message.createdAt });
  }

  handle(socket: FakeSocket, frame: Frame): void {
    switch (frame.command) {
      case 'CONNECT': {
        const token = (frame.headers.Authorization ?? '').replace(/^Bearer /, '');
        this.tokens.push(token);
        const refusal = this.onConnect(token);
        if (refusal) {
          socket.deliver({ command: 'ERROR', headers: { message: refusal }, body: JSON.stringify({ code: refusal, message: refusal }) });
          socket.drop(1002);
        } else {
          socket.deliver({ command: 'CONNECTED', headers: { version: '1.2', 'heart-beat': this.heartBeat }, body: '' });
        }
        return;
      }
      case 'SUBSCRIBE':
        if (this.autoReceipt && frame.headers.receipt) socket.deliver({ command: 'RECEIPT', headers: { 'receipt-id': frame.headers.receipt }, body: '' });
        return;
      case 'SEND': {
        const match = /^\/app\/conversations\/([^/]+)\/messages$/.exec(frame.headers.destination);
        if (match && this.autoAck) {
          const body = JSON.parse(frame.body);
          const senderToken = this.tokens[this.tokens.length - 1];
          const message = this.store(match[1], senderFromToken(senderToken), body.text, body.clientMessageId);
          this.ack(socket, message);
          this.publish(message);
        }
        return;
      }
      default:
        return;
    }
  }

  /** A fetch for the REST API over the fake's conversations. */
  readonly fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input));
    const path = url.pathname;
    this.restRequests.push(path + url.search);
    let match = /^\/api\/conversations\/([^/]+)\/messages$/.exec(path);
    if (match) {
      const conv = this.conversations.get(match[1]);
      if (!conv) return json(404, { code: 'NOT_FOUND' });
      const limit = Number(url.searchParams.get('limit') ?? 50);
      if (url.searchParams.has('beforeSeq')) {
        const before = Number(url.searchParams.get('beforeSeq'));
        const older = conv.messages.filter((m) => m.seq < before);
        return json(200, { messages: older.slice(-limit), hasMore: older.length > limit });
      }
      const after = Number(url.searchParams.get('afterSeq') ?? 0);
      const newer = conv.messages.filter((m) => m.seq > after);
      return json(200, { messages: newer.slice(0, limit), hasMore: newer.length > limit });
    }
    match = /^\/api\/conversations\/([^/]+)\/receipts$/.exec(path);
    if (match) {
      if (this.receiptsUnknownFor > 0) {
        this.receiptsUnknownFor--;
        return json(404, { code: 'NOT_FOUND' });
      }
      return json(200, [{ userId: 'bob', deliveredUpToSeq: 0, readUpToSeq: 0 }]);
    }
    match = /^\/api\/conversations\/([^/]+)$/.exec(path);
    if (match) {
      const conv = this.conversations.get(match[1]);
      return conv ? json(200, conv.info) : json(404, { code: 'NOT_FOUND' });
    }
    if (path === '/api/presence') {
      // As the presence service does (ADR 10): anyone asked for must have taken part somewhere.
      const asked = (url.searchParams.get('userIds') ?? '').split(',');
      this.presenceRequests.push(asked);
      const participants = new Set([...this.conversations.values()].flatMap((c) => c.info.participantIds ?? []));
      return asked.every((u) => participants.has(u)) ? json(200, []) : json(403, { code: 'NOT_MEMBER' });
    }
    return json(404, {});
  };
}

/** Test tokens are `token-<user>-<n>`. */
export function senderFromToken(token: string): string {
  return token.split('-')[1] ?? 'unknown';
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Deterministic ids. */
export function idGenerator(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(4, '0')}`;
}
