import type { ConnectionState, MessageStatus } from '@chat/client';

/** The connection indicator's text (seed 2.6.2). */
export function statusLabel(state: ConnectionState): string {
  switch (state.status) {
    case 'idle':
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'reconnecting':
      return `Reconnecting… (attempt ${state.attempt}, next in ${Math.ceil((state.retryInMs ?? 0) / 1000)} s)`;
    case 'offline':
      return 'Offline';
    case 'suspended':
      return 'Offline — sends fail until the connection is back';
    case 'error':
      return `Error: ${state.error?.code ?? 'unknown'}`;
    case 'closed':
      return 'Closed';
  }
}

/** sent ✓, delivered ✓✓, read ✓✓ (blue, by CSS), sending …, failed !. */
export function ticks(status: MessageStatus): string {
  return { sending: '…', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '! failed' }[status];
}
