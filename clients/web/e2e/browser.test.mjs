// End-to-end: the demo in Debian's chromium (driven by playwright-core) against the running system.
// URLs come from CHAT_* variables (see vite.config.ts); the system test passes those of its stack.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const issuer = process.env.CHAT_ISSUER_URL ?? 'http://127.0.0.1:9000';
const messageUrl = process.env.CHAT_MESSAGE_URL ?? 'http://127.0.0.1:8081';
const screenshots = process.env.CHAT_E2E_SCREENSHOT_DIR ?? new URL('../target/screenshots/', import.meta.url).pathname;
const run = `${process.pid}${Math.floor(Math.random() * 1e4)}`;
const A = `alice-${run}`;
const B = `bob-${run}`;

const mint = async (user) => (await (await fetch(`${issuer}/token?sub=${user}`)).text()).trim();

let server;
let browser;
let profile;
let alice;
let bob;
let aliceContext;
let cid;
let edgeBlocked = false;

const status = (page) => page.locator('[data-testid="connection-status"]');
const messages = (page) => page.locator('[data-testid="message"]');
const byText = (page, text) => page.locator('[data-testid="message"]', { has: page.locator('[data-testid="message-text"]', { hasText: text }) });

async function waitFor(what, check, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

before(async () => {
  // CHAT_WEB_URL: the demo `deploy/local/chat up` serves; without it the test serves the build itself.
  if (!process.env.CHAT_WEB_URL) server = await preview({ root: new URL('..', import.meta.url).pathname, logLevel: 'warn' });
  const base = process.env.CHAT_WEB_URL ? `${process.env.CHAT_WEB_URL.replace(/\/$/, '')}/` : server.resolvedUrls.local[0];
  const response = await fetch(`${messageUrl}/api/conversations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await mint(A)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: 'e2e', memberIds: [B] }),
  });
  assert.equal(response.status, 201);
  cid = (await response.json()).id;
  profile = mkdtempSync(join(tmpdir(), 'chat-e2e-'));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--disk-cache-dir=${profile}`],
  });
  aliceContext = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  // Lets the test cut the edge off while the page itself still loads (a page reload needs HTTP).
  await aliceContext.routeWebSocket(/\/ws$/, (ws) => {
    if (edgeBlocked) ws.close();
    else ws.connectToServer();
  });
  alice = await aliceContext.newPage();
  bob = await (await browser.newContext({ viewport: { width: 1100, height: 700 } })).newPage();
  await alice.goto(`${base}?user=${A}&conversation=${cid}`);
  // Bob is signed in but looks at no conversation: his device confirms delivery, not reading.
  await bob.goto(`${base}?user=${B}`);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('web demo in chromium', () => {
  it('connects both users', async () => {
    await waitFor('alice connected', async () => (await status(alice).getAttribute('data-state')) === 'connected');
    await waitFor('bob connected', async () => (await status(bob).getAttribute('data-state')) === 'connected');
    assert.equal(await status(alice).textContent(), 'Connected');
  });

  it('ticks a message sending → sent → delivered → read', async () => {
    await alice.evaluate(() => {
      window.__statuses = [];
      const push = (el) => el.dataset?.testid === 'message' && el.dataset.status && window.__statuses.push(el.dataset.status);
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'attributes') push(r.target);
          for (const n of r.addedNodes) push(n);
        }
      }).observe(document.getElementById('messages'), { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    });
    await alice.locator('[data-testid="composer"]').fill('hello bob');
    await alice.locator('[data-testid="composer"]').press('Enter');
    const mine = byText(alice, 'hello bob');
    await waitFor('delivered', async () => (await mine.getAttribute('data-status')) === 'delivered');
    assert.equal(await mine.getAttribute('data-seq'), '1');
    const badge = bob.locator(`[data-testid="conversation"][data-conversation-id="${cid}"] [data-testid="unread-count"]`);
    await waitFor('bob has one unread', async () => (await badge.textContent()) === '1');
    await bob.locator(`[data-testid="conversation"][data-conversation-id="${cid}"]`).click();
    await waitFor('read', async () => (await mine.getAttribute('data-status')) === 'read');
    const seen = await alice.evaluate(() => window.__statuses.filter((s, i, all) => s !== all[i - 1]));
    assert.deepEqual(seen, ['sending', 'sent', 'delivered', 'read']);
    await waitFor('bob read it all', async () => (await badge.textContent()) === '0');
    assert.equal(await messages(bob).count(), 1);
  });

  it('shows who is typing and clears it on send; shows presence', async () => {
    await alice.locator('[data-testid="composer"]').pressSequentially('typing now', { delay: 30 });
    await waitFor('bob sees alice typing', async () => (await bob.locator('[data-testid="typing"]').textContent()).includes(A));
    await alice.locator('[data-testid="composer"]').press('Enter');
    await waitFor('typing cleared', async () => (await bob.locator('[data-testid="typing"]').textContent()) === '');
    // Bob takes part (presence is shared between people who took part in a conversation, ADR 10).
    await bob.locator('[data-testid="composer"]').fill('hi alice');
    await bob.locator('[data-testid="composer"]').press('Enter');
    await waitFor('bob online at alice', async () => (await alice.locator(`[data-testid="presence"][data-user-id="${B}"]`).getAttribute('data-online')) === 'true');
    await waitFor('alice has all three', async () => (await messages(alice).count()) === 3);
    await waitFor('bob has all three', async () => (await messages(bob).count()) === 3);
    mkdirSync(screenshots, { recursive: true });
    await alice.screenshot({ path: join(screenshots, 'demo.png') });
  });

  it('renders an XSS corpus as text and runs none of it', async () => {
    const corpus = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=2</script>', '\u202Eevil.exe', '<b>not bold</b> & "quotes"'];
    for (const text of corpus) {
      await alice.locator('[data-testid="composer"]').fill(text);
      await alice.locator('[data-testid="composer"]').press('Enter');
    }
    await waitFor('bob has the corpus', async () => (await messages(bob).count()) === 3 + corpus.length);
    const texts = await bob.locator('[data-testid="message-text"]').allTextContents();
    assert.deepEqual(texts.slice(3), corpus);
    assert.equal(await bob.evaluate(() => window.__xss), undefined);
    assert.equal(await bob.locator('#messages img, #messages script, #messages b').count(), 0);
  });

  it('keeps a message sent offline across a reload (IndexedDB) and delivers it once', async () => {
    await aliceContext.setOffline(true);
    await waitFor('alice offline', async () => (await status(alice).getAttribute('data-state')) === 'offline');
    await alice.locator('[data-testid="composer"]').fill('written offline');
    await alice.locator('[data-testid="composer"]').press('Enter');
    const queued = byText(alice, 'written offline');
    assert.equal(await queued.getAttribute('data-status'), 'sending');
    await waitFor('queue shown', async () => (await alice.locator('[data-testid="outbox"]').textContent()) === '1 queued');
    // Reload while the edge is still unreachable: only IndexedDB can bring the message back.
    edgeBlocked = true;
    await aliceContext.setOffline(false);
    await alice.reload();
    await waitFor('restored from IndexedDB', async () => (await byText(alice, 'written offline').count()) === 1);
    assert.equal(await byText(alice, 'written offline').getAttribute('data-status'), 'sending');
    assert.notEqual(await status(alice).getAttribute('data-state'), 'connected');
    edgeBlocked = false;
    await waitFor('sent after reconnect', async () => ['sent', 'delivered', 'read'].includes(await byText(alice, 'written offline').getAttribute('data-status')), 40_000);
    await waitFor('bob has it', async () => (await byText(bob, 'written offline').count()) === 1);
    const all = await bob.locator('[data-testid="message-text"]').allTextContents();
    assert.equal(all.filter((t) => t === 'written offline').length, 1);
    const seqs = (await bob.locator('[data-testid="message"]').evaluateAll((els) => els.map((e) => Number(e.dataset.seq))));
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1));
  });

  it('keeps at most 100 messages in the DOM until "load older"', async () => {
    const before = await messages(alice).count();
    const older = alice.locator('[data-testid="load-older"]');
    assert.equal(await older.isVisible(), false, 'nothing older yet');
    const started = Date.now();
    await bob.evaluate(async () => {
      const conversation = window.chatDemo.conversation();
      const handles = [];
      for (let i = 0; i < 150; i++) handles.push(conversation.send(`bulk ${i}`).acked);
      await Promise.all(handles);
    });
    await waitFor('the last bulk message at alice', async () => (await byText(alice, 'bulk 149').count()) === 1, 60_000);
    console.log(`BENCHMARK web-e2e: 150 sends from one page, shown at the other: ${Date.now() - started} ms`);
    assert.ok(before + 150 > 100);
    assert.equal(await messages(alice).count(), 100);
    assert.equal(await older.isVisible(), true);
    await older.click();
    await waitFor('older messages paged in', async () => (await messages(alice).count()) > 100);
    const seqs = await alice.locator('[data-testid="message"]').evaluateAll((els) => els.map((e) => Number(e.dataset.seq)));
    for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1);
  });
});
