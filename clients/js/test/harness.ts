import { ChatClient, ChatClientOptions } from '../src/client.js';
import { MemoryOutboxStore } from '../src/outbox.js';
import { FakeClock, FakeNetwork, FakeStompServer, idGenerator } from './support.js';

export const CID = 'c1';

/** A ChatClient for alice wired to an in-process STOMP server, REST fake, fake clock and network. */
export function harness(overrides: Partial<ChatClientOptions> & { server?: FakeStompServer; clock?: FakeClock } = {}) {
  const clock = overrides.clock ?? new FakeClock();
  const server = overrides.server ?? new FakeStompServer();
  if (!server.conversations.has(CID)) server.conversation(CID, ['alice', 'bob']);
  const network = new FakeNetwork();
  const store = (overrides.store as MemoryOutboxStore | undefined) ?? new MemoryOutboxStore();
  let n = 0;
  const errors: unknown[] = [];
  const client = new ChatClient({
    url: 'ws://edge/ws',
    userId: 'alice',
    getToken: async () => `token-alice-${++n}`,
    messageServiceUrl: 'http://message',
    receiptServiceUrl: 'http://receipt',
    presenceServiceUrl: 'http://presence',
    webSocket: server.factory,
    fetch: server.fetch as typeof fetch,
    clock,
    random: () => 0.5,
    newId: idGenerator('cmid'),
    network,
    store,
    ...overrides,
  });
  client.on('error', (e) => errors.push(e));
  return { client, clock, server, network, store, errors };
}
