import { Clock, Timer } from './clock.js';

/** Start is re-sent at most this often while the user keeps typing; stop after this long idle. */
export const TYPING_REFRESH_MS = 2000;
export const TYPING_IDLE_MS = 2000;
/** A remote typer not confirmed by an update for this long is dropped locally (server drops at 6 s). */
export const REMOTE_TYPING_EXPIRY_MS = 7000;

/**
 * The local side of typing (seed 2.8): call `keystroke()` on every key; the helper sends
 * `typing:true` at most every 2 s and `typing:false` after 2 s idle, on send and on disconnect.
 */
export class TypingSender {
  private on = false;
  private lastStart = -Infinity;
  private readonly idle: Timer;

  constructor(private readonly clock: Clock, private readonly send: (typing: boolean) => boolean) {
    this.idle = new Timer(clock);
  }

  keystroke(): void {
    const now = this.clock.now();
    if (!this.on || now - this.lastStart >= TYPING_REFRESH_MS) {
      if (this.send(true)) {
        this.on = true;
        this.lastStart = now;
      }
    }
    this.idle.set(TYPING_IDLE_MS, () => this.stop());
  }

  /** The user sent the message or left: stop now. */
  stop(): void {
    this.idle.clear();
    if (this.on) {
      this.on = false;
      this.send(false);
    }
  }

  /** The session ended (the server forgets typers of closed sessions by itself). */
  reset(): void {
    this.idle.clear();
    this.on = false;
    this.lastStart = -Infinity;
  }

  get typing(): boolean {
    return this.on;
  }
}

/** Who else is typing, from `typing.updated` (each update replaces the set), with a local expiry. */
export class RemoteTypers {
  private readonly expiry = new Map<string, Timer>();

  constructor(private readonly clock: Clock, private readonly self: string, private readonly changed: () => void) {}

  get userIds(): string[] {
    return [...this.expiry.keys()].sort();
  }

  update(userIds: string[]): void {
    const next = new Set(userIds.filter((u) => u !== this.self));
    let change = false;
    for (const [user, timer] of this.expiry) {
      if (!next.has(user)) {
        timer.clear();
        this.expiry.delete(user);
        change = true;
      }
    }
    for (const user of next) {
      let timer = this.expiry.get(user);
      if (!timer) {
        timer = new Timer(this.clock);
        this.expiry.set(user, timer);
        change = true;
      }
      timer.set(REMOTE_TYPING_EXPIRY_MS, () => {
        this.expiry.delete(user);
        this.changed();
      });
    }
    if (change) this.changed();
  }

  clear(): void {
    if (this.expiry.size === 0) return;
    for (const timer of this.expiry.values()) timer.clear();
    this.expiry.clear();
    this.changed();
  }
}
