export { ChatClient } from './client.js';
export type { ChatClientOptions, ClientError } from './client.js';
export { Conversation } from './conversation.js';
export type { Ack, MessageStatus, MessageView, Presence, SendHandle } from './conversation.js';
export { Connection } from './connection.js';
export type {
  ChatError,
  ConnectionState,
  ConnectionStatus,
  GetToken,
  Network,
  TokenRequest,
  Visibility,
  WebSocketFactory,
  WebSocketLike,
} from './connection.js';
export { IndexedDbOutboxStore, MemoryOutboxStore } from './outbox.js';
export type { OutboxEntry, OutboxStore } from './outbox.js';
export { Rest, RestError } from './rest.js';
export type { ConversationInfo, MemberReceipt, Page, PresenceInfo, StoredMessage, Unread } from './rest.js';
export { systemClock, Timer } from './clock.js';
export type { Clock, TimerHandle } from './clock.js';
export { backoffDelay, ACK_TIMEOUT_MS, SEND_RETRY_DELAYS_MS, BACKOFF_MAX_MS } from './backoff.js';
export { Timeline } from './timeline.js';
export { TypingSender, RemoteTypers } from './typing.js';
export { encodeFrame, FrameDecoder } from './stomp.js';
export type { Frame } from './stomp.js';
export { ReadTracker } from './read-tracker.js';
