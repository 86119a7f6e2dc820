// Unit tests of the demo's pure view helpers, run against the built bundle's sources through Vite's SSR loader.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer } from 'vite';

let server;
let view;
before(async () => {
  server = await createServer({ server: { middlewareMode: true, hmr: false }, appType: 'custom', logLevel: 'silent' });
  view = await server.ssrLoadModule('/src/view.ts');
});
after(() => server?.close());

describe('view helpers', () => {
  it('labels every connection state as seed 2.6.2 asks', () => {
    assert.equal(view.statusLabel({ status: 'connecting', previous: 'idle', attempt: 0 }), 'Connecting…');
    assert.equal(view.statusLabel({ status: 'connected', previous: 'connecting', attempt: 0 }), 'Connected');
    assert.match(view.statusLabel({ status: 'reconnecting', previous: 'connected', attempt: 2, retryInMs: 1800 }), /^Reconnecting… \(attempt 2, next in 2 s\)$/);
    assert.equal(view.statusLabel({ status: 'offline', previous: 'connected', attempt: 0 }), 'Offline');
    assert.equal(view.statusLabel({ status: 'error', previous: 'connecting', attempt: 0, error: { code: 'UNAUTHORIZED', message: '' } }), 'Error: UNAUTHORIZED');
  });

  it('shows one tick for sent, two for delivered and read', () => {
    assert.equal(view.ticks('sent'), '✓');
    assert.equal(view.ticks('delivered'), '✓✓');
    assert.equal(view.ticks('read'), '✓✓');
    assert.notEqual(view.ticks('sending'), view.ticks('sent'));
  });
});
