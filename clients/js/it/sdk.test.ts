import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MemoryOutboxStore } from '../src/index.js';
import type { WebSocketLike } from '../src/index.js';
import { client, closeAll, mint, Switch, system, until, user } from './system.js';

after(closeAll);

async function conversationOf(alice: string, ...others: string[]) {
  const creator = client(alice);
  const conv = await creator.rest.createConversation({ memberIds: others, title: 'it' });
  creator.close();
  return conv.id;
}

describe('SDK against the running system', () => {
  it('two users chat: sending → sent → delivered → read, each message once, in order', async () => {
    const [a, b] = [user('alice'), user('bob')];
    const cid = await conversationOf(a, b);
    const alice = client(a);
    const bob = client(b);
    await Promise.all([alice.connect(), bob.connect()]);
    const ac = alice.conversation(cid);
    const bc = bob.conversation(cid);
    await until('both live', () => ac.live && bc.live);
    const statuses = new Set<string>();
    ac.on('change', () => ac.messages.forEach((m) => statuses.add(m.status)));
    const handle = ac.send('hello bob');
    assert.equal(ac.messages[0].status, 'sending');
    const ack = await handle.acked;
    assert.equal(ack.seq, 1);
    await until('bob got it', () => bc.messages.length === 1);
    await until('delivered', () => ac.messages[0].status === 'delivered');
    bc.markRead();
    await until('read', () => ac.messages[0].status === 'read');
    assert.deepEqual([...statuses].sort(), ['delivered', 'read', 'sending', 'sent']);
    for (let i = 0; i < 5; i++) bc.send(`reply ${i}`);
    await until('five replies at alice', () => ac.messages.length === 6);
    assert.deepEqual(ac.messages.map((m) => m.seq), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(ac.messages.slice(1).map((m) => m.text), [0, 1, 2, 3, 4].map((i) => `reply ${i}`));
  });

  it('queues sends while offline, flushes them in order once, and catches up what others sent', async () => {
    const [a, b] = [user('alice'), user('bob')];
    const cid = await conversationOf(a, b);
    const network = new Switch();
    const alice = client(a, { network });
    const bob = client(b);
    await Promise.all([alice.connect(), bob.connect()]);
    const ac = alice.conversation(cid);
    const bc = bob.conversation(cid);
    await until('both live', () => ac.live && bc.live);
    network.set(false);
    assert.equal(alice.state.status, 'offline');
    for (let i = 0; i < 3; i++) ac.send(`offline ${i}`);
    for (let i = 0; i < 3; i++) await bc.send(`from bob ${i}`).acked;
    assert.equal(alice.outboxSize, 3);
    network.set(true);
    await until('alice has all six', () => ac.messages.filter((m) => m.seq).length === 6 && alice.outboxSize === 0);
    const history = await alice.rest.messagesAfter(cid, 0, 100);
    assert.equal(history.messages.length, 6, 'stored exactly once each');
    assert.deepEqual(history.messages.filter((m) => m.senderId === a).map((m) => m.text), ['offline 0', 'offline 1', 'offline 2']);
    assert.deepEqual(ac.messages.map((m) => m.seq), [1, 2, 3, 4, 5, 6]);
    await until('bob sees alice\'s three', () => bc.messages.length === 6);
  });

  it('recovers a send whose ack and event were lost, after the 5 s ack timeout: stored once', async () => {
    const [a, b] = [user('alice'), user('bob')];
    const cid = await conversationOf(a, b);
    let swallowed = 0;
    const dropped = new Set<string>();
    // Lose the answers to the first attempt on the way in (a real socket; only those frames are dropped).
    const lossy = (url: string): WebSocketLike => {
      const real = new WebSocket(url);
      const wrapper: WebSocketLike = {
        onopen: null,
        onmessage: null,
        onclose: null,
        onerror: null,
        send: (data) => real.send(data),
        close: (code, reason) => real.close(code, reason),
      };
      real.onopen = (e) => wrapper.onopen?.(e);
      real.onclose = (e) => wrapper.onclose?.(e);
      real.onerror = (e) => wrapper.onerror?.(e);
      real.onmessage = (event) => {
        const text = String(event.data);
        // The first ack and the first message.created: as if the first send had never been answered.
        for (const marker of ['destination:/user/queue/acks', 'event-type:message.created']) {
          if (text.includes(marker) && !dropped.has(marker)) {
            dropped.add(marker);
            swallowed++;
            return;
          }
        }
        wrapper.onmessage?.(event);
      };
      return wrapper;
    };
    const alice = client(a, { webSocket: lossy });
    await alice.connect();
    const ac = alice.conversation(cid);
    // Wait for the first load, or its history page could bring the stored message back by itself.
    await until('live and loaded', () => ac.live && ac.lastSeq === 0 && !ac.catchingUp);
    const started = Date.now();
    const handle = ac.send('only once');
    const ack = await handle.acked;
    assert.equal(swallowed, 2);
    // At the timeout the SDK checks history (and resends with the same id 1 s later if it is not there).
    assert.ok(Date.now() - started >= 4900, `recovered only after the 5 s ack timeout (took ${Date.now() - started} ms, dropped ${swallowed})`);
    const history = await alice.rest.messagesAfter(cid, 0, 10);
    assert.equal(history.messages.length, 1);
    assert.equal(history.messages[0].clientMessageId, handle.clientMessageId);
    assert.equal(ack.seq, 1);
  });

  it('shows typing and presence of the other member', async () => {
    const [a, b] = [user('alice'), user('bob')];
    const cid = await conversationOf(a, b);
    const alice = client(a);
    const bob = client(b);
    await Promise.all([alice.connect(), bob.connect()]);
    const ac = alice.conversation(cid);
    const bc = bob.conversation(cid);
    await until('both live', () => ac.live && bc.live);
    bc.typing();
    await until('alice sees bob typing', () => ac.typers.includes(b));
    bc.send('typed');
    await until('typing cleared', () => ac.typers.length === 0);
    // Bob has taken part now (presence is shared between people who took part, ADR 10).
    await until('bob online at alice', () => ac.presence.get(b)?.online === true);
    bob.close();
    await until('bob offline at alice', () => ac.presence.get(b)?.online === false, 20_000);
  });

  it('refreshes a rejected token exactly once, and ends in error when the provider keeps failing', async () => {
    const a = user('alice');
    const requests: boolean[] = [];
    const alice = client(a, {
      getToken: async ({ forceRefresh }) => {
        requests.push(forceRefresh);
        return forceRefresh ? mint(a) : 'not-a-jwt';
      },
      store: new MemoryOutboxStore(),
    });
    await alice.connect();
    await until('connected', () => alice.state.status === 'connected');
    assert.deepEqual(requests, [false, true]);

    const bad = client(user('mallory'), { getToken: async () => `bad-${Math.random()}` });
    await bad.connect();
    await until('error', () => bad.state.status === 'error');
    assert.equal(bad.state.error!.code, 'UNAUTHORIZED');
    assert.ok(system.edge.startsWith('ws'));
  });
});
