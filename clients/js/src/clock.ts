/**
 * Time as the SDK sees it. Every timing rule (backoff, ack timeouts, typing, heart-beats) goes through
 * one of these, so tests drive time by hand instead of waiting.
 */
export interface Clock {
  /** Milliseconds, monotonic enough for deadlines (the system clock uses `performance.now()`). */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

export type TimerHandle = unknown;

export const systemClock: Clock = {
  now: () => (typeof performance !== 'undefined' ? performance.now() : Date.now()),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => {
    if (handle !== undefined) globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/**
 * A named timer slot: arming it again cancels the previous timer, so each rule owns exactly one
 * pending timer and nothing is left behind after `clear()`.
 */
export class Timer {
  private handle: TimerHandle | undefined;

  constructor(private readonly clock: Clock) {}

  set(ms: number, fn: () => void): void {
    this.clear();
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      fn();
    }, ms);
  }

  clear(): void {
    if (this.handle !== undefined) {
      this.clock.clearTimeout(this.handle);
      this.handle = undefined;
    }
  }

  get pending(): boolean {
    return this.handle !== undefined;
  }
}
