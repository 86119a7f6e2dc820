import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Page, StoredMessage } from '../src/rest.js';
import { Timeline } from '../src/timeline.js';
import { settle } from './support.js';

function message(seq: number): StoredMessage {
  return { messageId: `m${seq}`, conversationId: 'c', seq, senderId: seq % 2 ? 'alice' : 'bob', clientMessageId: `c${seq}`, text: `t${seq}`, createdAt: '2026-01-01T00:00:00Z' };
}

/** History with `committed` messages; pages answer after a microtask so live events can interleave. */
function history(committed: () => number) {
  const calls: string[] = [];
  return {
    calls,
    after: async (afterSeq: number, limit: number): Promise<Page> => {
      calls.push(`after ${afterSeq}`);
      await settle();
      const n = committed();
      const seqs = [];
      for (let s = afterSeq + 1; s <= n && seqs.length < limit; s++) seqs.push(s);
      return { messages: seqs.map(message), hasMore: afterSeq + seqs.length < n };
    },
    before: async (beforeSeq: number, limit: number): Promise<Page> => {
      calls.push(`before ${beforeSeq}`);
      await settle();
      const top = Math.min(beforeSeq - 1, committed());
      const from = Math.max(1, top - limit + 1);
      const seqs = [];
      for (let s = from; s <= top; s++) seqs.push(s);
      return { messages: seqs.map(message), hasMore: from > 1 };
    },
  };
}

describe('Timeline', () => {
  it('shows the next seq, drops duplicates and fetches a gap', async () => {
    let committed = 2;
    const source = history(() => committed);
    const timeline = new Timeline(source, 100, () => {});
    await timeline.initialise(2);
    committed = 5;
    timeline.receive(message(3));
    timeline.receive(message(3));
    timeline.receive(message(5)); // 4 is missing
    await settle();
    await timeline.catchUp();
    assert.deepEqual(timeline.messages.map((m) => m.seq), [1, 2, 3, 4, 5]);
    assert.ok(source.calls.includes('after 3'), 'the gap was fetched from seq 3 on');
  });

  it('pages afterSeq until hasMore is false', async () => {
    let committed = 0;
    const source = history(() => committed);
    const timeline = new Timeline(source, 1000, () => {});
    await timeline.initialise(0);
    committed = 450;
    await timeline.catchUp();
    assert.equal(timeline.lastSeq, 450);
    assert.deepEqual(source.calls.filter((c) => c.startsWith('after')), ['after 0', 'after 0', 'after 200', 'after 400']);
  });

  it('keeps at most the limit in memory and pages older ones back with beforeSeq', async () => {
    const source = history(() => 150);
    const timeline = new Timeline(source, 100, () => {});
    await timeline.initialise(150);
    assert.equal(timeline.messages.length, 100);
    assert.equal(timeline.messages[0].seq, 51);
    assert.equal(timeline.hasOlder, true);
    assert.equal(await timeline.loadOlder(), 50);
    assert.equal(timeline.messages.length, 150);
    assert.equal(timeline.messages[0].seq, 1);
    assert.equal(timeline.hasOlder, false);
  });

  it('drops the oldest when live messages go past the limit', async () => {
    let committed = 100;
    const timeline = new Timeline(history(() => committed), 100, () => {});
    await timeline.initialise(100);
    assert.equal(timeline.hasOlder, false);
    committed = 101;
    timeline.receive(message(101));
    assert.equal(timeline.messages.length, 100);
    assert.equal(timeline.messages[0].seq, 2);
    assert.equal(timeline.hasOlder, true);
  });

  it('property (seed 2): any interleaving of live events, duplicates and catch-ups gives one gap-free ordered list', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.oneof(fc.record({ live: fc.integer({ min: 1, max: 60 }) }), fc.record({ commit: fc.integer({ min: 1, max: 10 }) }), fc.constant({ catchUp: true }), fc.constant({ tick: true })), { maxLength: 60 }),
        fc.integer({ min: 5, max: 200 }),
        async (initial, steps, limit) => {
          let committed = initial;
          const applied: number[] = [];
          const timeline = new Timeline(history(() => committed), limit, (batch) => applied.push(...batch.map((m) => m.seq)));
          const init = timeline.initialise(initial);
          for (const step of steps) {
            if ('live' in step) {
              // Only committed messages can be published.
              if (step.live <= committed) timeline.receive(message(step.live));
            } else if ('commit' in step) {
              committed += step.commit;
            } else if ('catchUp' in step) {
              void timeline.catchUp();
            } else {
              await settle();
            }
          }
          await init;
          await timeline.catchUp();
          await settle();
          const seqs = timeline.messages.map((m) => m.seq);
          for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `gap-free and ordered: ${seqs}`);
          assert.equal(timeline.lastSeq, committed);
          if (committed > 0) assert.equal(seqs[seqs.length - 1], committed);
          assert.ok(seqs.length <= Math.max(limit, 1));
          assert.equal(new Set(applied).size, applied.length, 'each seq applied once');
        },
      ),
      { numRuns: 200 },
    );
  });
});
