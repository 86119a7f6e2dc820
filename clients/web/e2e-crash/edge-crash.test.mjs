// The demo rides out an edge crash (kill -9 and restart): a separate, long command (`npm run e2e:crash`),
// not part of CI — restarting a JVM takes from 20 s to minutes on a busy machine.
// URLs come from CHAT_* variables (see vite.config.ts); the system test passes those of its stack.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

/**
 * Kills the edge of the local run (`$CHAT_RUN_DIR`, default `.run`; kill -9) or starts it again
 * (`deploy/local/chat up`, which remembers the run's settings).
 */
async function edge(action) {
  const root = new URL('../../../', import.meta.url).pathname;
  const runDir = process.env.CHAT_RUN_DIR ?? join(root, '.run');
  if (action === 'kill') {
    const pid = Number(readFileSync(join(runDir, 'pids/edge.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    await waitFor('the edge to die', () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
  } else {
    await promisify(execFile)('bash', [join(root, 'deploy/local/chat'), 'up'], { env: { ...process.env, CHAT_RUN_DIR: runDir } });
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

describe('web demo in chromium, edge crash', () => {
  it('connects both users', async () => {
    await waitFor('alice connected', async () => (await status(alice).getAttribute('data-state')) === 'connected');
    await waitFor('bob connected', async () => (await status(bob).getAttribute('data-state')) === 'connected');
    assert.equal(await status(alice).textContent(), 'Connected');
  });

  it('rides out an edge crash: Reconnecting…, then Connected, and each message arrives once, in order', async () => {
    await alice.locator('[data-testid="composer"]').fill('just before the crash');
    await alice.locator('[data-testid="composer"]').press('Enter');
    await edge('kill');
    await waitFor('alice reconnecting', async () => (await status(alice).textContent()).startsWith('Reconnecting…'));
    assert.equal(await status(alice).getAttribute('data-state'), 'reconnecting');
    await alice.locator('[data-testid="composer"]').fill('during the outage');
    await alice.locator('[data-testid="composer"]').press('Enter');
    assert.equal(await byText(alice, 'during the outage').getAttribute('data-status'), 'sending');
    await edge('start');
    await waitFor('alice connected again', async () => (await status(alice).getAttribute('data-state')) === 'connected', 90_000);
    await waitFor('bob connected again', async () => (await status(bob).getAttribute('data-state')) === 'connected', 90_000);
    for (const text of ['just before the crash', 'during the outage']) {
      await waitFor(`${text} at bob`, async () => (await byText(bob, text).count()) === 1, 30_000);
      assert.notEqual(await byText(alice, text).getAttribute('data-status'), 'sending');
    }
    const texts = await bob.locator('[data-testid="message-text"]').allTextContents();
    assert.equal(texts.filter((t) => t === 'during the outage').length, 1);
    assert.ok(texts.indexOf('just before the crash') < texts.indexOf('during the outage'));
    const seqs = await bob.locator('[data-testid="message"]').evaluateAll((els) => els.map((e) => Number(e.dataset.seq)));
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1));
  });

});
