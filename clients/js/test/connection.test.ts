import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Connection, ConnectionState, TokenRequest } from '../src/connection.js';
import { FakeClock, FakeNetwork, FakeStompServer, settle } from './support.js';

function setup(options: { random?: () => number; getToken?: (r: TokenRequest) => Promise<string> } = {}) {
  const clock = new FakeClock();
  const server = new FakeStompServer();
  const network = new FakeNetwork();
  const requests: TokenRequest[] = [];
  let n = 0;
  const connection = new Connection({
    url: 'ws://edge/ws',
    getToken: options.getToken ?? (async (r) => (requests.push(r), `token-alice-${++n}`)),
    webSocket: server.factory,
    clock,
    random: options.random ?? (() => 0.5),
    network,
  });
  const states: ConnectionState[] = [];
  connection.on('state', (s) => states.push(s));
  return { clock, server, network, connection, states, requests };
}

describe('Connection', () => {
  it('connects with the token from getToken in the CONNECT frame', async () => {
    const { clock, server, connection, states, requests } = setup();
    connection.start();
    await clock.advance(0);
    assert.deepEqual(states.map((s) => s.status), ['connecting', 'connected']);
    assert.equal(server.current.received[0].headers.Authorization, 'Bearer token-alice-1');
    assert.equal(server.current.received[0].headers['accept-version'], '1.2');
    assert.deepEqual(requests, [{ forceRefresh: false, reason: 'connect' }]);
  });

  it('reconnects with backoff 1, 2, 4 … 30 s and calls getToken before every CONNECT', async () => {
    const { clock, server, connection, states, requests } = setup({ random: () => 0.999999 });
    connection.start();
    await clock.advance(0);
    server.refuseSockets = true;
    server.current.drop();
    await clock.advance(0);
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const state = states[states.length - 1];
      assert.equal(state.status, 'reconnecting');
      assert.equal(state.attempt, i + 1);
      delays.push(state.retryInMs!);
      await clock.advance(state.retryInMs!);
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    assert.equal(requests.length, 8);
  });

  it('resets the backoff only after the connection stayed up for 10 s', async () => {
    const { clock, server, connection, states } = setup({ random: () => 0.999999 });
    connection.start();
    await clock.advance(0);
    server.current.drop();
    await clock.advance(1000); // attempt 1 → connected again
    assert.equal(connection.state.status, 'connected');
    await clock.advance(5000);
    server.current.drop(); // up only 5 s: still counts
    await clock.advance(0);
    assert.equal(states[states.length - 1].attempt, 2);
    assert.equal(states[states.length - 1].retryInMs, 2000);
    await clock.advance(2000);
    await clock.advance(10_000);
    server.current.drop(); // up 10 s: starts again from 1 s
    await clock.advance(0);
    assert.equal(states[states.length - 1].attempt, 1);
    assert.equal(states[states.length - 1].retryInMs, 1000);
  });

  it('applies jitter within [0.8, 1] of the base delay', async () => {
    const { clock, server, connection, states } = setup({ random: () => 0 });
    connection.start();
    await clock.advance(0);
    server.refuseSockets = true;
    server.current.drop();
    await clock.advance(0);
    assert.equal(states[states.length - 1].retryInMs, 800);
  });

  it('goes offline when the network drops and retries at once when it returns', async () => {
    const { clock, server, network, connection, states } = setup();
    connection.start();
    await clock.advance(0);
    server.refuseSockets = true;
    server.current.drop();
    await clock.advance(3000); // a few failed attempts
    network.set(false);
    assert.equal(connection.state.status, 'offline');
    const sockets = server.sockets.length;
    await clock.advance(60_000);
    assert.equal(server.sockets.length, sockets, 'no attempts while offline');
    server.refuseSockets = false;
    network.set(true);
    await clock.advance(0);
    assert.equal(connection.state.status, 'connected');
    assert.ok(states.some((s) => s.status === 'offline'));
  });

  it('closes the socket when the browser goes offline while connected', async () => {
    const { clock, server, network, connection } = setup();
    connection.start();
    await clock.advance(0);
    const socket = server.current;
    network.set(false);
    assert.equal(socket.closed, true);
    assert.equal(connection.state.status, 'offline');
  });

  it('is suspended after two minutes without a connection', async () => {
    const { clock, server, network, connection } = setup();
    connection.start();
    await clock.advance(0);
    network.set(false);
    await clock.advance(119_000);
    assert.equal(connection.state.status, 'offline');
    assert.equal(connection.isSuspended, false);
    await clock.advance(1000);
    assert.equal(connection.state.status, 'suspended');
    assert.equal(connection.isSuspended, true);
    network.set(true);
    await clock.advance(0);
    assert.equal(connection.state.status, 'connected');
    assert.equal(connection.isSuspended, false);
    assert.equal(server.sockets.length, 2);
  });

  it('on TOKEN_EXPIRED forces exactly one refresh and reconnects at once with the new token', async () => {
    const { clock, server, connection, requests } = setup();
    connection.start();
    await clock.advance(0);
    server.current.deliver({ command: 'ERROR', headers: { message: 'TOKEN_EXPIRED' }, body: '{"code":"TOKEN_EXPIRED"}' });
    await clock.advance(0);
    assert.equal(connection.state.status, 'connected');
    assert.deepEqual(requests.map((r) => r.forceRefresh), [false, true]);
    assert.deepEqual(server.tokens, ['token-alice-1', 'token-alice-2']);
  });

  it('backs off on a second TOKEN_EXPIRED in a row', async () => {
    const { clock, server, connection } = setup();
    connection.start();
    await clock.advance(0);
    server.current.deliver({ command: 'ERROR', headers: { message: 'TOKEN_EXPIRED' }, body: '' });
    await clock.advance(0);
    server.current.deliver({ command: 'ERROR', headers: { message: 'TOKEN_EXPIRED' }, body: '' });
    await clock.advance(0);
    assert.equal(connection.state.status, 'reconnecting');
    assert.ok(connection.state.retryInMs! >= 800);
  });

  it('ends in error after UNAUTHORIZED twice, with one forced refresh and no further attempts', async () => {
    const { clock, server, connection, requests } = setup();
    server.onConnect = () => 'UNAUTHORIZED';
    connection.start();
    await clock.advance(0);
    assert.equal(connection.state.status, 'error');
    assert.equal(connection.state.error!.code, 'UNAUTHORIZED');
    assert.deepEqual(requests.map((r) => r.forceRefresh), [false, true]);
    await clock.advance(600_000);
    assert.equal(server.sockets.length, 2);
  });

  it('never sends a rejected token again', async () => {
    const { clock, server, connection } = setup({ getToken: async () => 'token-alice-same' });
    server.onConnect = () => 'UNAUTHORIZED';
    connection.start();
    await clock.advance(0);
    assert.equal(connection.state.status, 'error');
    assert.deepEqual(server.tokens, ['token-alice-same']);
  });

  it('ends in error when the token callback fails, without looping', async () => {
    let calls = 0;
    const { clock, server, connection } = setup({
      getToken: async () => {
        calls++;
        throw new Error('issuer down');
      },
    });
    connection.start();
    await clock.advance(600_000);
    assert.equal(connection.state.status, 'error');
    assert.equal(connection.state.error!.code, 'TOKEN_PROVIDER_FAILED');
    assert.equal(calls, 1);
    assert.equal(server.sockets.length, 0);
  });

  it('ends in error on REVOKED', async () => {
    const { clock, server, connection } = setup();
    connection.start();
    await clock.advance(0);
    server.current.deliver({ command: 'ERROR', headers: { message: 'REVOKED' }, body: '{"code":"REVOKED"}' });
    await clock.advance(600_000);
    assert.equal(connection.state.status, 'error');
    assert.equal(server.sockets.length, 1);
  });

  it('honours retryAfterMs of an OVERLOADED refusal', async () => {
    const { clock, server, connection } = setup({ random: () => 0.999999 });
    server.onConnect = () => undefined;
    connection.start();
    await clock.advance(0);
    server.current.deliver({ command: 'ERROR', headers: { message: 'OVERLOADED' }, body: '{"code":"OVERLOADED","retryAfterMs":7000}' });
    await clock.advance(0);
    assert.equal(connection.state.status, 'reconnecting');
    assert.equal(connection.state.retryInMs, 7000);
  });

  it('refreshes the token in band on token.expiring', async () => {
    const { clock, server, connection, requests } = setup();
    connection.start();
    await clock.advance(0);
    server.current.message('/user/queue/session', { type: 'token.expiring', expiresAt: '2026-01-01T00:00:00Z' });
    await clock.advance(0);
    const refresh = server.current.received.find((f) => f.command === 'SEND' && f.headers.destination === '/app/session/token');
    assert.deepEqual(JSON.parse(refresh!.body), { token: 'token-alice-2' });
    assert.deepEqual(requests[1], { forceRefresh: true, reason: 'expiring' });
    assert.equal(server.sockets.length, 1);
  });

  it('comes back at once after a service restart (close 1012), not counted as a failure', async () => {
    const { clock, server, connection } = setup({ random: () => 0.999999 });
    connection.start();
    await clock.advance(0);
    server.current.drop(1012);
    await clock.advance(0);
    assert.equal(connection.state.status, 'reconnecting');
    assert.equal(connection.state.attempt, 0);
    assert.ok(connection.state.retryInMs! <= 500);
    await clock.advance(500);
    assert.equal(connection.state.status, 'connected');
  });

  it('drops a connection whose server went silent for more than two heart-beats', async () => {
    const { clock, server, connection } = setup();
    server.heartBeat = '10000,10000';
    connection.start();
    await clock.advance(0);
    const socket = server.current;
    for (let i = 0; i < 6; i++) {
      await clock.advance(10_000);
      socket.onmessage?.({ data: '\n' }); // the server's heart-beat
    }
    assert.equal(connection.state.status, 'connected');
    assert.equal(socket.heartbeats, 6, 'the client sent heart-beats too');
    await clock.advance(20_000);
    assert.equal(connection.state.status, 'connected');
    await clock.advance(10_000);
    assert.notEqual(connection.state.status, 'connected');
    assert.equal(socket.closed, true);
  });

  it('leaves no timer and no listener after close()', async () => {
    const { clock, server, network, connection } = setup();
    connection.start();
    await clock.advance(0);
    server.refuseSockets = true;
    server.current.drop();
    await clock.advance(0);
    connection.close();
    await settle();
    assert.equal(connection.state.status, 'closed');
    assert.equal(clock.pending, 0);
    assert.equal(network.listenerCount, 0);
  });

  it('ignores frames from a socket it has already replaced', async () => {
    const { clock, server, connection } = setup();
    connection.start();
    await clock.advance(0);
    const old = server.current;
    const onclose = old.onclose;
    const onmessage = old.onmessage;
    old.drop();
    await clock.advance(1000);
    assert.equal(connection.state.status, 'connected');
    const messages: unknown[] = [];
    connection.on('message', (m) => messages.push(m));
    onmessage?.({ data: 'MESSAGE\ndestination:/topic/conversations/x\n\n{}\0' });
    onclose?.({ code: 1006 });
    assert.equal(messages.length, 0);
    assert.equal(connection.state.status, 'connected');
  });
});
