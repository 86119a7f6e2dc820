import { ChatClient, ChatClientOptions } from '../src/index.js';
import type { Network } from '../src/index.js';

/** Where the launched system is: env from the system test (or `deploy/local/chat up` defaults). */
export const system = {
  edge: process.env.CHAT_EDGE_URL ?? 'ws://127.0.0.1:8080/ws',
  message: process.env.CHAT_MESSAGE_URL ?? 'http://127.0.0.1:8081',
  presence: process.env.CHAT_PRESENCE_URL ?? 'http://127.0.0.1:8082',
  receipt: process.env.CHAT_RECEIPT_URL ?? 'http://127.0.0.1:8083',
  issuer: process.env.CHAT_ISSUER_URL ?? 'http://127.0.0.1:9000',
};

export async function mint(user: string): Promise<string> {
  const response = await fetch(`${system.issuer}/token?sub=${encodeURIComponent(user)}`);
  if (!response.ok) throw new Error(`issuer: ${response.status}`);
  return (await response.text()).trim();
}

/** A network the test switches off and on (the SDK closes the socket when it goes offline). */
export class Switch implements Network {
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
}

const clients: ChatClient[] = [];

export function client(user: string, overrides: Partial<ChatClientOptions> = {}): ChatClient {
  const c = new ChatClient({
    url: system.edge,
    userId: user,
    getToken: () => mint(user),
    messageServiceUrl: system.message,
    presenceServiceUrl: system.presence,
    receiptServiceUrl: system.receipt,
    ...overrides,
  });
  clients.push(c);
  return c;
}

export function closeAll(): void {
  while (clients.length) clients.pop()!.close();
}

/** Polls `check` until it returns true (or a value); fails with `what` after `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A unique user name per run, so repeated runs never share state. */
export function user(name: string): string {
  return `${name}-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
}
