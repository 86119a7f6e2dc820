import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backoffDelay } from '../src/backoff.js';
import { encodeFrame, FrameDecoder } from '../src/stomp.js';

describe('STOMP codec', () => {
  it('round-trips frames with escaped headers and UTF-8 bodies, split anywhere', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('SEND', 'MESSAGE', 'SUBSCRIBE'),
        fc.dictionary(fc.string({ minLength: 1 }).filter((k) => k !== 'content-length'), fc.string(), { maxKeys: 4 }),
        fc.string({ unit: 'grapheme' }),
        fc.integer({ min: 0, max: 50 }),
        (command, headers, body, cut) => {
          const text = encodeFrame({ command, headers, body }) + '\n' + encodeFrame({ command: 'RECEIPT', headers: { 'receipt-id': '1' }, body: '' });
          const bytes = new TextEncoder().encode(text);
          const at = Math.min(cut, bytes.length);
          const decoder = new FrameDecoder();
          const frames = [...decoder.push(bytes.slice(0, at)), ...decoder.push(bytes.slice(at))];
          assert.equal(frames.length, 2);
          assert.equal(frames[0].command, command);
          assert.equal(frames[0].body, body);
          for (const [k, v] of Object.entries(headers)) assert.equal(frames[0].headers[k], v);
          assert.equal(frames[1].headers['receipt-id'], '1');
        },
      ),
    );
  });

  it('treats lone newlines as heart-beats', () => {
    const decoder = new FrameDecoder();
    assert.deepEqual(decoder.push('\n'), []);
    assert.deepEqual(decoder.push('\r\n\n'), []);
    assert.equal(decoder.push('CONNECTED\nversion:1.2\n\n\0')[0].command, 'CONNECTED');
  });
});

describe('backoff', () => {
  it('property (seed 8): 1, 2, 4 … s capped at 30 s, jittered into [0.8, 1] of that', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const base = Math.min(30_000, 1000 * 2 ** (attempt - 1));
        const delay = backoffDelay(attempt, () => r);
        assert.ok(delay >= Math.floor(base * 0.8) && delay <= base, `${attempt}: ${delay} vs ${base}`);
        assert.ok(backoffDelay(attempt + 1, () => r) >= delay);
      }),
    );
  });
});
