import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CID, harness } from './harness.js';
import { FakeClock, FakeStompServer } from './support.js';
import { MemoryOutboxStore } from '../src/outbox.js';

describe('sending', () => {
  it('shows a message as sending, then sent with the seq of the ACCEPTED ack', async () => {
    const { client, clock, server } = harness();
    await client.connect();
    const conv = client.conversation(CID);
    await clock.advance(0);
    server.autoAck = false;
    const handle = conv.send('hello');
    assert.equal(conv.messages[0].status, 'sending');
    await clock.advance(0);
    const [send] = server.sends();
    assert.deepEqual(send, { clientMessageId: handle.clientMessageId, text: 'hello' });
    const stored = server.store(CID, 'alice', 'hello', handle.clientMessageId);
    server.ack(server.current, stored);
    await clock.advance(0);
    assert.equal((await handle.acked).seq, 1);
    assert.deepEqual(conv.messages.map((m) => [m.seq, m.status, m.key]), [[1, 'sent', handle.clientMessageId]]);
    server.publish(stored);
    await clock.advance(0);
    assert.equal(conv.messages.length, 1, 'the live event of the same message is not shown twice');
  });

  it('retries after an ack timeout of 5 s at +1, +2 and +4 s with the same clientMessageId, then fails', async () => {
    const { client, clock, server } = harness();
    await client.connect();
    const conv = client.conversation(CID);
    await clock.advance(0);
    server.autoAck = false;
    const handle = conv.send('hello');
    await clock.advance(0);
    const times: number[] = [];
    const count = () => server.sends().length;
    let seen = count();
    for (let t = 0; t <= 30_000; t += 100) {
      if (count() !== seen) {
        times.push(clock.now());
        seen = count();
      }
      await clock.advance(100);
    }
    assert.deepEqual(times, [6000, 13000, 22000]);
    assert.ok(server.sends().every((s) => s.clientMessageId === handle.clientMessageId));
    assert.equal(conv.messages[0].status, 'failed');
    await assert.rejects(handle.acked, (e: { code: string }) => e.code === 'TIMEOUT');
    // A manual retry reuses the id and succeeds.
    server.autoAck = true;
    assert.equal(conv.retry(handle.clientMessageId), true);
    await clock.advance(0);
    assert.equal(server.sends().length, 5);
    assert.equal(server.sends()[4].clientMessageId, handle.clientMessageId);
    assert.equal(conv.messages[0].status, 'sent');
  });

  it('property (seed 7): an ack within 5 s means one SEND; a later one means exactly one retry at 6 s', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 12_000 }), async (delay) => {
        const { client, clock, server } = harness();
        await client.connect();
        const conv = client.conversation(CID);
        await clock.advance(0);
        server.autoAck = false;
        const handle = conv.send('x');
        await clock.advance(0);
        await clock.advance(delay);
        const sendsBefore = server.sends().length;
        server.ack(server.current, server.store(CID, 'alice', 'x', handle.clientMessageId));
        await clock.advance(60_000);
        const expected = delay < 5000 ? 1 : delay < 6000 ? 1 : 2;
        assert.equal(sendsBefore, expected);
        assert.equal(server.sends().length, expected, 'nothing sent after the ack');
        assert.equal(conv.messages[0].status, 'sent');
        client.close();
      }),
      { numRuns: 40 },
    );
  });

  it('honours retryAfterMs of RATE_LIMITED and keeps the id', async () => {
    const { client, clock, server } = harness();
    await client.connect();
    const conv = client.conversation(CID);
    await clock.advance(0);
    server.autoAck = false;
    const handle = conv.send('hi');
    await clock.advance(0);
    server.current.message('/user/queue/acks', { clientMessageId: handle.clientMessageId, conversationId: CID, status: 'REJECTED', error: { code: 'RATE_LIMITED', message: 'slow down', retryAfterMs: 700 } });
    await clock.advance(699);
    assert.equal(server.sends().length, 1);
    await clock.advance(1);
    assert.equal(server.sends().length, 2);
    assert.equal(server.sends()[1].clientMessageId, handle.clientMessageId);
    assert.equal(conv.messages[0].status, 'sending');
  });

  it('fails at once on a permanent rejection and does not retry', async () => {
    const { client, clock, server, store } = harness();
    await client.connect();
    const conv = client.conversation(CID);
    await clock.advance(0);
    server.autoAck = false;
    const handle = conv.send('x'.repeat(2000));
    await clock.advance(0);
    server.current.message('/user/queue/acks', { clientMessageId: handle.clientMessageId, conversationId: CID, status: 'REJECTED', error: { code: 'TOO_LONG', message: 'too long' } });
    await clock.advance(60_000);
    assert.equal(server.sends().length, 1);
    assert.equal(conv.messages[0].status, 'failed');
    assert.equal(conv.messages[0].error!.code, 'TOO_LONG');
    assert.equal((await store.load())[0].failed!.code, 'TOO_LONG', 'a failed send survives a reload');
  });

  it('reconciles a late ACCEPTED after the send had failed', async () => {
    const { client, clock, server } = harness();
    await client.connect();
    const conv = client.conversation(CID);
    await clock.advance(0);
    server.autoAck = false;
    const handle = conv.send('late');
    await clock.advance(30_000);
    assert.equal(conv.messages[0].status, 'failed');
    server.ack(server.current, server.store(CID, 'alice', 'late', handle.clientMessageId));
    await clock.advance(0);
    assert.deepEqual(conv.messages.map((m) => [m.seq, m.status]), [[1, 'sent']]);
  });

  it('counts ack timeouts only while connected', async () => {
    const { client, clock, server, network } = harness();
    await client.connect();
    const conv = client.conversation(CID);
    await clock.advance(0);
    server.autoAck = false;
    const handle = conv.send('hi');
    await clock.advance(0);
    network.set(false);
    await clock.advance(100_000);
    assert.equal(conv.messages[0].status, 'sending');
    server.autoAck = true;
    network.set(true);
    await clock.advance(0);
    assert.deepEqual(server.sends().map((s) => s.clientMessageId), [handle.clientMessageId, handle.clientMessageId]);
    assert.equal(conv.messages[0].status, 'sent');
  });

  it('keeps sends made offline in order and flushes them only after the SUBSCRIBE receipts', async () => {
    const { client, clock, server, network } = harness();
    network.online = false;
    await client.connect();
    const conv = client.conversation(CID);
    await clock.advance(0);
    const texts = ['one', 'two', 'three'];
    for (const t of texts) conv.send(t);
    await clock.advance(0);
    assert.equal(client.state.status, 'offline');
    assert.equal(client.outboxSize, 3);
    server.autoReceipt = false;
    network.set(true);
    await clock.advance(0);
    assert.equal(client.state.status, 'connected');
    assert.equal(server.sends().length, 0, 'nothing before the receipts');
    for (const f of server.current.received.filter((f) => f.command === 'SUBSCRIBE' && f.headers.receipt)) {
      server.current.deliver({ command: 'RECEIPT', headers: { 'receipt-id': f.headers.receipt }, body: '' });
    }
    await clock.advance(0);
    assert.deepEqual(server.sends().map((s) => s.text), texts);
    assert.deepEqual(conv.messages.map((m) => [m.seq, m.text, m.status]), [[1, 'one', 'sent'], [2, 'two', 'sent'], [3, 'three', 'sent']]);
    assert.equal(client.outboxSize, 0);
  });

  it('resumes the outbox of an earlier run (a reload) before new sends', async () => {
    const store = new MemoryOutboxStore();
    await store.put({ clientMessageId: 'old-1', conversationId: CID, text: 'from before', createdAt: '2026-01-01T00:00:00Z', order: 1 });
    const { client, clock, server } = harness({ store });
    await client.connect();
    const conv = client.conversation(CID);
    conv.send('new');
    await clock.advance(0);
    assert.deepEqual(server.sends().map((s) => s.clientMessageId), ['old-1', 'cmid-0001']);
    assert.deepEqual(conv.messages.map((m) => m.text), ['from before', 'new']);
    assert.deepEqual(await store.load(), []);
  });

  it('fails sends fast once suspended', async () => {
    const { client, clock, network } = harness();
    await client.connect();
    const conv = client.conversation(CID);
    await clock.advance(0);
    network.set(false);
    conv.send('queued');
    await clock.advance(121_000);
    assert.equal(client.state.status, 'suspended');
    assert.equal(conv.messages[0].status, 'failed');
    const handle = conv.send('now');
    await assert.rejects(handle.acked, (e: { code: string }) => e.code === 'OFFLINE');
  });

  it('property (seed 4): no message is lost or duplicated across random disconnects', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constant('send' as const), fc.constant('drop' as const), fc.constant('peer' as const), fc.integer({ min: 1, max: 8000 })), { minLength: 1, maxLength: 30 }),
        async (steps) => {
          const server = new FakeStompServer();
          server.conversation(CID, ['alice', 'bob']);
          const clock = new FakeClock();
          const { client, network } = harness({ server, clock });
          await client.connect();
          const conv = client.conversation(CID);
          let sent = 0;
          let peer = 0;
          for (const step of steps) {
            if (step === 'send') conv.send(`a${sent++}`);
            else if (step === 'peer') server.publish(server.store(CID, 'bob', `b${peer++}`));
            else if (step === 'drop') server.current?.drop();
            else await clock.advance(step);
          }
          network.set(true);
          await clock.advance(200_000);
          const seqs = conv.messages.map((m) => m.seq);
          assert.deepEqual(seqs, Array.from({ length: sent + peer }, (_, i) => i + 1));
          assert.deepEqual(conv.messages.filter((m) => m.own).map((m) => m.text), Array.from({ length: sent }, (_, i) => `a${i}`));
          assert.equal(new Set(conv.messages.map((m) => m.key)).size, sent + peer);
          client.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});
