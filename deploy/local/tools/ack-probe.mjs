// ack-probe: one STOMP client that sends a message every INTERVAL ms (default 100) to a fresh
// conversation and, like a real client, re-sends every unacked send each second with the same
// clientMessageId. On Ctrl-C (or after DURATION s) it prints the longest gap between two ACCEPTED
// acks and when it started and ended: the outage a fault caused, as a client sees it.
// Needs Node 20 with --experimental-websocket (Node 22+ has WebSocket built in).
//   node --experimental-websocket deploy/local/tools/ack-probe.mjs
// Env: EDGE_PORT [8080], MESSAGE_PORT [8081], ISSUER_PORT [9000], INTERVAL [100], DURATION [600]
const edge = process.env.EDGE_PORT ?? '8080', msg = process.env.MESSAGE_PORT ?? '8081';
const issuer = process.env.ISSUER_PORT ?? '9000';
const interval = Number(process.env.INTERVAL ?? 100), duration = Number(process.env.DURATION ?? 600);
const token = async (u) => (await (await fetch(`http://127.0.0.1:${issuer}/token?sub=${u}`)).text()).trim();
const me = 'probe-' + Date.now(), other = me + '-peer';
const tok = await token(me);
const conv = await (await fetch(`http://127.0.0.1:${msg}/api/conversations`, {
  method: 'POST', headers: { Authorization: 'Bearer ' + tok, 'Content-Type': 'application/json' },
  body: JSON.stringify({ memberIds: [other] }) })).json();
const cid = conv.conversationId ?? conv.id;
const pending = new Map(); // clientMessageId -> first sent at
let lastAck = Date.now(), worst = { gap: 0, from: 0, to: 0 }, acked = 0;
const ws = new WebSocket(`ws://127.0.0.1:${edge}/ws`, ['v12.stomp']);
const frame = (cmd, headers, body = '') =>
  ws.send(cmd + '\n' + Object.entries(headers).map(([k, v]) => `${k}:${v}`).join('\n') + '\n\n' + body + '\0');
const send = (id) => frame('SEND', { destination: `/app/conversations/${cid}/messages`,
  'content-type': 'application/json' }, JSON.stringify({ clientMessageId: id, text: 'probe' }));
const iso = (t) => new Date(t).toISOString();
ws.onopen = () => frame('CONNECT', { 'accept-version': '1.2', host: '127.0.0.1', Authorization: 'Bearer ' + tok, 'heart-beat': '0,0' });
ws.onmessage = (e) => {
  for (const f of String(e.data).split('\0')) {
    if (f.startsWith('CONNECTED')) {
      frame('SUBSCRIBE', { id: 'acks', destination: '/user/queue/acks' });
      setInterval(() => { const id = crypto.randomUUID(); pending.set(id, Date.now()); send(id); }, interval);
      setInterval(() => { for (const id of pending.keys()) send(id); }, 1000);
      console.log(`probe: sending every ${interval} ms to ${cid}`);
    } else if (f.startsWith('MESSAGE')) {
      const body = JSON.parse(f.slice(f.indexOf('\n\n') + 2));
      if (body.status !== 'ACCEPTED' || !pending.has(body.clientMessageId)) continue;
      pending.delete(body.clientMessageId);
      const now = Date.now(), gap = now - lastAck;
      if (gap > worst.gap) worst = { gap, from: lastAck, to: now };
      if (gap > 1000) console.log(`probe: ${gap} ms without an ack (${iso(lastAck)} .. ${iso(now)})`);
      lastAck = now; acked++;
    } else if (f.startsWith('ERROR')) { console.log('probe: ERROR', f); process.exit(1); }
  }
};
const done = () => { console.log(`probe: ${acked} acked, ${pending.size} unacked; longest gap ${worst.gap} ms (${iso(worst.from)} .. ${iso(worst.to)})`); process.exit(0); };
process.on('SIGINT', done); process.on('SIGTERM', done); setTimeout(done, duration * 1000);
