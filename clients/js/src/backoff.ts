/** Reconnect delays: 1, 2, 4, 8 … s capped at 30 s, each scaled by a jitter factor in [0.8, 1). */
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 30_000;

/** The delay before reconnect attempt `attempt` (1-based); `random` returns a number in [0, 1). */
export function backoffDelay(attempt: number, random: () => number): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(Math.max(attempt - 1, 0), 15));
  return Math.round(base * (0.8 + 0.2 * random()));
}

/** Ack timeout and the waits before the three retries of a send, in ms (seed 2.3). */
export const ACK_TIMEOUT_MS = 5000;
export const SEND_RETRY_DELAYS_MS = [1000, 2000, 4000] as const;
