import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CID, harness } from './harness.js';
import { FakeClock } from './support.js';
import { RemoteTypers, TypingSender, TYPING_IDLE_MS, TYPING_REFRESH_MS } from '../src/typing.js';

describe('message states', () => {
  it('goes sent → delivered → read from the other members\' watermarks', async () => {
    const { client, clock, server } = harness();
    server.conversation('g', ['alice', 'bob', 'carol']);
    await client.connect();
    const conv = client.conversation('g');
    await clock.advance(0);
    conv.send('hi all');
    await clock.advance(0);
    const status = () => conv.messages[0].status;
    assert.equal(status(), 'sent');
    const receipt = (userId: string, d: number, r: number) =>
      server.current.message('/topic/conversations/g', { type: 'receipt.updated', conversationId: 'g', userId, deliveredUpToSeq: d, readUpToSeq: r });
    receipt('bob', 1, 0);
    await clock.advance(0);
    assert.equal(status(), 'sent', 'carol has not got it yet');
    receipt('carol', 1, 0);
    await clock.advance(0);
    assert.equal(status(), 'delivered');
    receipt('bob', 1, 1);
    receipt('carol', 1, 1);
    await clock.advance(0);
    assert.equal(status(), 'read');
    receipt('bob', 0, 0); // watermarks never move back
    await clock.advance(0);
    assert.equal(status(), 'read');
  });

  it('takes a member\'s own message as read by them: a reply marks what came before read, with no receipt event', async () => {
    const { client, clock, server } = harness();
    server.conversation('g', ['alice', 'bob']);
    await client.connect();
    const conv = client.conversation('g');
    await clock.advance(0);
    conv.send('question');
    await clock.advance(0);
    assert.equal(conv.messages[0].status, 'sent');

    server.publish(server.store('g', 'bob', 'answer'));
    await clock.advance(0);

    assert.deepEqual(conv.receipt('bob'), { delivered: 2, read: 2 });
    assert.equal(conv.messages[0].status, 'read');
    assert.deepEqual(conv.receipt('alice'), { delivered: 1, read: 1 });
  });

  it('asks presence only for members who took part, and loads once', async () => {
    const { client, clock, server } = harness();
    server.conversation('g', ['alice', 'bob', 'carol']);
    await client.connect();
    const conv = client.conversation('g');
    await clock.advance(5000);

    assert.deepEqual(server.presenceRequests, [['alice']]);
    assert.equal(conv.lastSeq, 0);
    assert.equal(conv.catchingUp, false);
  });

  it('loads messages once when the receipt service does not know the conversation yet, and asks it again', async () => {
    const { client, clock, server } = harness();
    server.conversation('g', ['alice', 'bob']);
    server.receiptsUnknownFor = 1;
    await client.connect();
    const conv = client.conversation('g');
    await clock.advance(0);
    assert.equal(conv.lastSeq, 0);

    await clock.advance(2000);

    const count = (part: string) => server.restRequests.filter((p) => p.includes(part)).length;
    assert.equal(count('/messages'), 1, 'the history is not fetched again');
    assert.equal(count('/receipts'), 2);
    await clock.advance(5000);
    assert.equal(count('/receipts'), 2, 'asked again only until it answered');
  });

  it('sends delivered automatically when messages arrive and read when asked, throttled', async () => {
    const { client, clock, server } = harness();
    await client.connect();
    const conv = client.conversation(CID);
    await clock.advance(0);
    for (let i = 0; i < 3; i++) server.publish(server.store(CID, 'bob', `b${i}`));
    await clock.advance(300);
    assert.deepEqual(server.sends('/delivered'), [{ upToSeq: 3 }]);
    conv.markRead(1);
    await clock.advance(300);
    conv.markRead(2);
    conv.markRead(3);
    await clock.advance(300);
    assert.deepEqual(server.sends('/read'), [{ upToSeq: 1 }]);
    await clock.advance(1000);
    assert.deepEqual(server.sends('/read'), [{ upToSeq: 1 }, { upToSeq: 3 }]);
    conv.markRead(2);
    await clock.advance(2000);
    assert.equal(server.sends('/read').length, 2, 'a lower value is never sent');
  });

  it('catches up after a reconnect: subscribe, receipt, then history afterSeq', async () => {
    const { client, clock, server } = harness();
    await client.connect();
    const conv = client.conversation(CID);
    await clock.advance(0);
    server.publish(server.store(CID, 'bob', 'before'));
    await clock.advance(0);
    server.current.drop();
    for (let i = 0; i < 5; i++) server.store(CID, 'bob', `while away ${i}`);
    await clock.advance(1000);
    assert.equal(client.state.status, 'connected');
    assert.deepEqual(conv.messages.map((m) => m.seq), [1, 2, 3, 4, 5, 6]);
  });

  it('shows presence and marks it stale while disconnected', async () => {
    const { client, clock, server, network } = harness();
    await client.connect();
    const conv = client.conversation(CID);
    await clock.advance(0);
    server.current.message(`/topic/conversations/${CID}`, { type: 'presence.updated', userId: 'bob', online: true, lastSeenAt: null });
    await clock.advance(0);
    assert.equal(conv.presence.get('bob')!.online, true);
    assert.equal(conv.presenceStale, false);
    network.set(false);
    assert.equal(conv.presenceStale, true);
  });

  it('shows remote typers, hides this user, and expires them locally after 7 s', async () => {
    const { client, clock, server } = harness();
    await client.connect();
    const conv = client.conversation(CID);
    await clock.advance(0);
    server.current.message(`/topic/conversations/${CID}`, { type: 'typing.updated', conversationId: CID, userIds: ['alice', 'bob'] });
    await clock.advance(0);
    assert.deepEqual(conv.typers, ['bob']);
    await clock.advance(6999);
    assert.deepEqual(conv.typers, ['bob']);
    await clock.advance(1);
    assert.deepEqual(conv.typers, []);
  });

  it('sends typing on, stops it on send', async () => {
    const { client, clock, server } = harness();
    await client.connect();
    const conv = client.conversation(CID);
    await clock.advance(0);
    conv.typing();
    conv.typing();
    conv.send('done');
    await clock.advance(5000);
    assert.deepEqual(server.sends('/typing'), [{ typing: true }, { typing: false }]);
  });
});

describe('TypingSender', () => {
  it('property (seed 5): start at most every 2 s while typing, stop within 2 s of the last key', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 40 }), async (gaps) => {
        const clock = new FakeClock();
        const frames: Array<[number, boolean]> = [];
        const sender = new TypingSender(clock, (typing) => (frames.push([clock.now(), typing]), true));
        let lastKey = 0;
        for (const gap of gaps) {
          await clock.advance(gap);
          sender.keystroke();
          lastKey = clock.now();
        }
        await clock.advance(10_000);
        const starts = frames.filter(([, t]) => t).map(([at]) => at);
        let on = false;
        let lastStart = -Infinity;
        for (const [at, typing] of frames) {
          if (typing) {
            assert.ok(!on || at - lastStart >= TYPING_REFRESH_MS, 'no refresh sooner than 2 s');
            on = true;
            lastStart = at;
          } else {
            assert.ok(on, 'stop only after start');
            on = false;
          }
        }
        assert.equal(on, false, 'always stopped in the end');
        const [stopAt] = frames[frames.length - 1];
        assert.equal(stopAt, lastKey + TYPING_IDLE_MS);
        assert.ok(starts.length >= 1);
        assert.equal(clock.pending, 0);
      }),
      { numRuns: 200 },
    );
  });

  it('RemoteTypers replaces the set on each update', async () => {
    const clock = new FakeClock();
    let changes = 0;
    const typers = new RemoteTypers(clock, 'me', () => changes++);
    typers.update(['a', 'b']);
    typers.update(['b']);
    assert.deepEqual(typers.userIds, ['b']);
    typers.clear();
    assert.deepEqual(typers.userIds, []);
    assert.equal(changes, 3);
    assert.equal(clock.pending, 0);
  });
});
