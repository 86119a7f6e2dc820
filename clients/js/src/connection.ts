import { backoffDelay } from './backoff.js';
import { Clock, Timer } from './clock.js';
import { Emitter } from './emitter.js';
import { encodeFrame, Frame, FrameDecoder } from './stomp.js';

/** The observable connection states (see README "States"). */
export type ConnectionStatus =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'offline'
  | 'suspended'
  | 'error'
  | 'closed';

export interface ChatError {
  code: string;
  message: string;
}

export interface ConnectionState {
  status: ConnectionStatus;
  previous: ConnectionStatus;
  /** Failed attempts since the last connection that stayed up (reconnecting, suspended). */
  attempt: number;
  /** Time until the next attempt (reconnecting, suspended). */
  retryInMs?: number;
  /** Why the connection is in `error` (terminal until `connect()` is called again). */
  error?: ChatError;
}

/** Why the SDK asks for a token; `forceRefresh` means the cached token must not be returned. */
export interface TokenRequest {
  forceRefresh: boolean;
  reason: 'connect' | 'expiring' | 'expired' | 'rejected' | 'rest';
}

export type GetToken = (request: TokenRequest) => Promise<string>;

/** The part of the WebSocket API the SDK uses (browser `WebSocket`, Node 20+, or a test double). */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  binaryType?: string;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

/** Whether the device has a network, and changes of it (browser: `navigator.onLine` + events). */
export interface Network {
  isOnline(): boolean;
  subscribe(listener: (online: boolean) => void): () => void;
}

/** Page visibility changes; when the page becomes visible the heart-beat deadline is checked at once. */
export interface Visibility {
  subscribe(listener: (visible: boolean) => void): () => void;
}

export interface ConnectionOptions {
  url: string;
  getToken: GetToken;
  webSocket: WebSocketFactory;
  clock: Clock;
  random: () => number;
  network: Network;
  visibility?: Visibility;
  /** A connection must stay up this long before the backoff starts from 1 s again (default 10 s). */
  stableAfterMs?: number;
  /** Disconnected this long → `suspended`: sends fail fast (default 120 s). */
  suspendAfterMs?: number;
  /** CONNECT must be answered within this (default 10 s). */
  connectTimeoutMs?: number;
  /** Heart-beats offered in CONNECT, both directions (default 10 s). */
  heartbeatMs?: number;
}

interface ConnectionEvents extends Record<string, unknown> {
  state: ConnectionState;
  /** CONNECTED arrived; `epoch` identifies this socket. */
  connected: { epoch: number };
  disconnected: { epoch: number };
  message: Frame;
  receipt: string;
  session: { type: string; expiresAt?: string };
}

const TERMINAL: ReadonlySet<string> = new Set(['REVOKED']);
const SERVICE_RESTART = 1012;

/**
 * One logical connection to the edge across many sockets: a state machine that owns the socket,
 * heart-beats, backoff and tokens. It knows nothing about conversations; the client subscribes
 * through it after every `connected` event.
 *
 * Concurrency: everything runs on the caller's event loop. Each socket gets an epoch; callbacks
 * of a socket that is no longer current are ignored, so a late frame never leaks into a new session.
 */
export class Connection extends Emitter<ConnectionEvents> {
  private current: ConnectionState = { status: 'idle', previous: 'idle', attempt: 0 };
  private socket: WebSocketLike | undefined;
  private epoch = 0;
  private attempts = 0;
  private suspended = false;
  private token: string | undefined;
  private tokenInFlight: Promise<string> | undefined;
  private readonly rejected = new Set<string>();
  private forcedRefreshUsed = false;
  private expiredInARow = 0;
  private lastReceived = 0;
  private incomingMs = 0;
  private readonly retryTimer: Timer;
  private readonly stableTimer: Timer;
  private readonly suspendTimer: Timer;
  private readonly connectTimer: Timer;
  private readonly sendBeatTimer: Timer;
  private readonly liveTimer: Timer;
  private unsubscribers: Array<() => void> = [];

  constructor(private readonly options: ConnectionOptions) {
    super();
    const clock = options.clock;
    this.retryTimer = new Timer(clock);
    this.stableTimer = new Timer(clock);
    this.suspendTimer = new Timer(clock);
    this.connectTimer = new Timer(clock);
    this.sendBeatTimer = new Timer(clock);
    this.liveTimer = new Timer(clock);
  }

  get state(): ConnectionState {
    return this.current;
  }

  get connected(): boolean {
    return this.current.status === 'connected';
  }

  /** Starts connecting (from idle, error or closed); does nothing while already running. */
  start(): void {
    if (!['idle', 'error', 'closed'].includes(this.current.status)) return;
    this.attempts = 0;
    this.suspended = false;
    this.forcedRefreshUsed = false;
    this.expiredInARow = 0;
    this.unsubscribers.push(this.options.network.subscribe((online) => this.onNetwork(online)));
    if (this.options.visibility) {
      this.unsubscribers.push(this.options.visibility.subscribe((visible) => visible && this.checkLiveness()));
    }
    if (!this.options.network.isOnline()) {
      this.goOffline();
      return;
    }
    void this.open(false);
  }

  /** Stops for good: no timer, socket or listener is left. */
  close(): void {
    this.teardown();
    this.setState({ status: 'closed', attempt: 0 });
  }

  /** Sends a frame on the current socket; false when not connected. */
  send(frame: Frame): boolean {
    if (!this.connected || !this.socket) return false;
    this.socket.send(encodeFrame(frame));
    return true;
  }

  /**
   * A token for REST calls and the in-band refresh: the last one used, or a fresh one. Concurrent
   * callers share one `getToken` call.
   */
  async getToken(forceRefresh: boolean, reason: TokenRequest['reason'], cached = true): Promise<string> {
    if (cached && !forceRefresh && this.token) return this.token;
    if (!this.tokenInFlight) {
      this.tokenInFlight = this.options
        .getToken({ forceRefresh, reason })
        .then((token) => {
          this.token = token;
          return token;
        })
        .finally(() => {
          this.tokenInFlight = undefined;
        });
    }
    return this.tokenInFlight;
  }

  private async open(forceRefresh: boolean): Promise<void> {
    const epoch = ++this.epoch;
    this.setState({ status: 'connecting', attempt: this.attempts });
    let token: string;
    try {
      // The callback runs before every CONNECT (it may cache); forced after a rejection.
      token = await this.getToken(forceRefresh, forceRefresh ? 'rejected' : 'connect', false);
    } catch (error) {
      if (epoch !== this.epoch) return;
      this.fail({ code: 'TOKEN_PROVIDER_FAILED', message: String((error as Error)?.message ?? error) });
      return;
    }
    if (epoch !== this.epoch) return;
    if (this.rejected.has(token)) {
      this.fail({ code: 'UNAUTHORIZED', message: 'the token provider returned a token the server already refused' });
      return;
    }
    let socket: WebSocketLike;
    try {
      socket = this.options.webSocket(this.options.url);
    } catch (error) {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    const decoder = new FrameDecoder();
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      if (epoch !== this.epoch) return;
      const beat = this.options.heartbeatMs ?? 10_000;
      socket.send(
        encodeFrame({
          command: 'CONNECT',
          headers: { 'accept-version': '1.2', host: hostOf(this.options.url), 'heart-beat': `${beat},${beat}`, Authorization: `Bearer ${token}` },
          body: '',
        }),
      );
    };
    socket.onmessage = (event) => {
      if (epoch !== this.epoch) return;
      this.lastReceived = this.options.clock.now();
      for (const frame of decoder.push(event.data as string | ArrayBuffer)) {
        if (epoch !== this.epoch) return;
        this.onFrame(frame, token, epoch);
      }
    };
    socket.onclose = (event) => {
      if (epoch !== this.epoch) return;
      this.onSocketClosed(event.code);
    };
    socket.onerror = () => {
      // A close event always follows; nothing to do here.
    };
    this.connectTimer.set(this.options.connectTimeoutMs ?? 10_000, () => {
      if (epoch === this.epoch) this.onSocketClosed(4000);
    });
  }

  private onFrame(frame: Frame, token: string, epoch: number): void {
    switch (frame.command) {
      case 'CONNECTED':
        this.onConnected(frame, epoch);
        return;
      case 'ERROR':
        this.onError(frame, token);
        return;
      case 'RECEIPT':
        this.emit('receipt', frame.headers['receipt-id'] ?? '');
        return;
      case 'MESSAGE':
        if (frame.headers.destination === '/user/queue/session') {
          this.onSession(frame.body);
        } else {
          this.emit('message', frame);
        }
        return;
      default:
        return;
    }
  }

  private onConnected(frame: Frame, epoch: number): void {
    this.connectTimer.clear();
    this.retryTimer.clear();
    this.suspendTimer.clear();
    this.suspended = false;
    this.forcedRefreshUsed = false;
    const [serverSends, serverWants] = (frame.headers['heart-beat'] ?? '0,0').split(',').map(Number);
    const beat = this.options.heartbeatMs ?? 10_000;
    const outgoing = serverWants > 0 && beat > 0 ? Math.max(beat, serverWants) : 0;
    this.incomingMs = serverSends > 0 && beat > 0 ? Math.max(beat, serverSends) : 0;
    if (outgoing > 0) this.beat(outgoing);
    if (this.incomingMs > 0) this.armLiveness();
    this.stableTimer.set(this.options.stableAfterMs ?? 10_000, () => {
      this.attempts = 0;
      this.expiredInARow = 0;
    });
    this.setState({ status: 'connected', attempt: this.attempts });
    this.socket!.send(encodeFrame({ command: 'SUBSCRIBE', headers: { id: 'session', destination: '/user/queue/session' }, body: '' }));
    this.emit('connected', { epoch });
  }

  private onError(frame: Frame, token: string): void {
    let body: { code?: string; message?: string; retryAfterMs?: number } = {};
    try {
      body = JSON.parse(frame.body);
    } catch {
      // Not JSON: the header says enough.
    }
    const code = frame.headers.message ?? body.code ?? 'INTERNAL';
    const wasConnected = this.connected;
    this.dropSocket();
    if (code === 'UNAUTHORIZED') {
      this.rejected.add(token);
      this.token = undefined;
      if (!this.forcedRefreshUsed) {
        this.forcedRefreshUsed = true;
        void this.open(true);
      } else {
        this.fail({ code, message: body.message ?? 'invalid token' });
      }
    } else if (code === 'TOKEN_EXPIRED') {
      this.rejected.add(token);
      this.token = undefined;
      this.expiredInARow++;
      if (wasConnected) this.emit('disconnected', { epoch: this.epoch });
      if (this.expiredInARow === 1) {
        this.forcedRefreshUsed = true;
        void this.open(true);
      } else {
        this.scheduleRetry({ forceRefresh: true });
      }
    } else if (TERMINAL.has(code)) {
      if (wasConnected) this.emit('disconnected', { epoch: this.epoch });
      this.fail({ code, message: body.message ?? code });
    } else {
      if (wasConnected) this.emit('disconnected', { epoch: this.epoch });
      this.scheduleRetry({ minDelayMs: body.retryAfterMs });
    }
  }

  private onSession(body: string): void {
    let event: { type?: string; expiresAt?: string };
    try {
      event = JSON.parse(body);
    } catch {
      return;
    }
    if (!event.type) return;
    this.emit('session', { type: event.type, expiresAt: event.expiresAt });
    if (event.type === 'token.expiring') {
      const epoch = this.epoch;
      this.getToken(true, 'expiring').then(
        (fresh) => {
          if (epoch === this.epoch && this.connected) {
            this.send({ command: 'SEND', headers: { destination: '/app/session/token', 'content-type': 'application/json' }, body: JSON.stringify({ token: fresh }) });
          }
        },
        () => {
          // The server will end the session with TOKEN_EXPIRED; the forced refresh handles it then.
        },
      );
    }
  }

  private onSocketClosed(code: number): void {
    const wasConnected = this.connected;
    this.dropSocket();
    if (wasConnected) this.emit('disconnected', { epoch: this.epoch });
    if (code === SERVICE_RESTART) {
      // The server is draining (planned restart): come back at once with a little jitter, not a failure.
      const delay = Math.round(this.options.random() * 500);
      this.setState({ status: this.suspended ? 'suspended' : 'reconnecting', attempt: this.attempts, retryInMs: delay });
      this.retryTimer.set(delay, () => void this.open(false));
      return;
    }
    this.scheduleRetry();
  }

  private scheduleRetry(options: { forceRefresh?: boolean; minDelayMs?: number } = {}): void {
    if (!this.options.network.isOnline()) {
      this.goOffline();
      return;
    }
    this.attempts++;
    const delay = Math.max(backoffDelay(this.attempts, this.options.random), options.minDelayMs ?? 0);
    this.armSuspend();
    this.setState({ status: this.suspended ? 'suspended' : 'reconnecting', attempt: this.attempts, retryInMs: delay });
    this.retryTimer.set(delay, () => void this.open(options.forceRefresh ?? false));
  }

  private goOffline(): void {
    this.retryTimer.clear();
    this.armSuspend();
    this.setState({ status: this.suspended ? 'suspended' : 'offline', attempt: this.attempts });
  }

  private armSuspend(): void {
    if (this.suspended || this.suspendTimer.pending) return;
    this.suspendTimer.set(this.options.suspendAfterMs ?? 120_000, () => {
      this.suspended = true;
      if (this.current.status !== 'connecting' && this.current.status !== 'connected') {
        this.setState({ ...this.current, status: 'suspended' });
      }
    });
  }

  /** True once the connection has been down longer than `suspendAfterMs`: sends fail fast. */
  get isSuspended(): boolean {
    return this.suspended;
  }

  private onNetwork(online: boolean): void {
    const status = this.current.status;
    if (status === 'error' || status === 'closed' || status === 'idle') return;
    if (!online) {
      if (status === 'connected' || status === 'connecting') {
        const wasConnected = this.connected;
        this.dropSocket();
        this.epoch++;
        if (wasConnected) this.emit('disconnected', { epoch: this.epoch });
      }
      this.goOffline();
    } else if (status === 'offline' || status === 'reconnecting' || status === 'suspended') {
      // The network is back: try now instead of waiting for the backoff.
      this.retryTimer.clear();
      void this.open(false);
    }
  }

  private beat(interval: number): void {
    this.sendBeatTimer.set(interval, () => {
      if (!this.socket || !this.connected) return;
      this.socket.send('\n');
      this.beat(interval);
    });
  }

  private armLiveness(): void {
    this.liveTimer.set(this.incomingMs, () => {
      if (this.checkLiveness()) this.armLiveness();
    });
  }

  /** Drops the socket when the server has been silent for more than twice its heart-beat; false then. */
  private checkLiveness(): boolean {
    if (!this.connected || this.incomingMs === 0) return true;
    if (this.options.clock.now() - this.lastReceived > this.incomingMs * 2 + 1000) {
      this.onSocketClosed(4001);
      return false;
    }
    return true;
  }

  private fail(error: ChatError): void {
    this.teardown();
    this.setState({ status: 'error', attempt: this.attempts, error });
  }

  private dropSocket(): void {
    this.connectTimer.clear();
    this.sendBeatTimer.clear();
    this.liveTimer.clear();
    this.stableTimer.clear();
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try {
        socket.close(1000);
      } catch {
        // Already closed.
      }
    }
  }

  private teardown(): void {
    const wasConnected = this.connected;
    this.dropSocket();
    this.epoch++;
    if (wasConnected) this.emit('disconnected', { epoch: this.epoch });
    for (const timer of [this.retryTimer, this.suspendTimer]) timer.clear();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
  }

  private setState(next: Omit<ConnectionState, 'previous'>): void {
    const state: ConnectionState = { ...next, previous: this.current.status };
    if (state.retryInMs === undefined) delete state.retryInMs;
    if (state.error === undefined) delete state.error;
    this.current = state;
    this.emit('state', state);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'localhost';
  }
}

/** The browser's network state, or "always online" where there is no `window` (Node). */
export function defaultNetwork(): Network {
  const w = (globalThis as { window?: Window }).window;
  if (!w || typeof navigator === 'undefined') {
    return { isOnline: () => true, subscribe: () => () => {} };
  }
  return {
    isOnline: () => navigator.onLine !== false,
    subscribe: (listener) => {
      const on = () => listener(true);
      const off = () => listener(false);
      w.addEventListener('online', on);
      w.addEventListener('offline', off);
      return () => {
        w.removeEventListener('online', on);
        w.removeEventListener('offline', off);
      };
    },
  };
}

export function defaultVisibility(): Visibility | undefined {
  if (typeof document === 'undefined') return undefined;
  return {
    subscribe: (listener) => {
      const handler = () => listener(document.visibilityState === 'visible');
      document.addEventListener('visibilitychange', handler);
      return () => document.removeEventListener('visibilitychange', handler);
    },
  };
}
