import { ChatClient, ReadTracker } from '@chat/client';
import type { ConnectionState, Conversation, ConversationInfo, MessageView } from '@chat/client';
import { statusLabel, ticks } from './view.js';

/** Served by the demo server (vite.config.ts) from the environment. */
interface DemoConfig {
  edgeUrl: string;
  messageServiceUrl: string;
  presenceServiceUrl: string;
  receiptServiceUrl: string;
  issuerUrl: string;
}

const params = new URLSearchParams(location.search);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function main(): Promise<void> {
  const user = params.get('user');
  if (!user) {
    $('title').textContent = 'Open this page with ?user=alice (or bob, carol)';
    return;
  }
  const config: DemoConfig = await (await fetch('/config.json')).json();
  const base = (url: string) => new URL(url, location.href).toString();
  $('me').textContent = `signed in as ${user}`;

  const chat = new ChatClient({
    url: params.get('edge') ?? config.edgeUrl,
    userId: user,
    // Local run only: the dev issuer mints a token for any user name.
    getToken: async () => {
      const response = await fetch(`${base(config.issuerUrl)}/token?sub=${encodeURIComponent(user)}`);
      if (!response.ok) throw new Error(`token: HTTP ${response.status}`);
      return (await response.text()).trim();
    },
    messageServiceUrl: base(config.messageServiceUrl),
    presenceServiceUrl: base(config.presenceServiceUrl),
    receiptServiceUrl: base(config.receiptServiceUrl),
  });
  const app = new App(chat, user);
  (window as unknown as { chatDemo: App }).chatDemo = app;
  chat.on('state', (state) => app.renderStatus(state));
  chat.on('outbox', (n) => ($('outbox').textContent = n ? `${n} queued` : ''));
  chat.on('error', (error) => console.warn('chat', error));
  app.renderStatus(chat.state);
  await chat.connect();
  await app.loadConversations(params.get('conversation'));
  setInterval(() => void app.loadConversations(), 15_000);
}

class App {
  private conversations: ConversationInfo[] = [];
  private current: Conversation | undefined;
  private unsubscribe: (() => void) | undefined;
  private tracker: ReadTracker | undefined;
  private readonly rows = new Map<string, HTMLLIElement>();
  private readonly listItems = new Map<string, HTMLLIElement>();

  constructor(readonly chat: ChatClient, private readonly user: string) {
    $('composer-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = $<HTMLInputElement>('composer');
      const text = input.value;
      if (!this.current || text.trim() === '') return;
      this.current.send(text);
      input.value = '';
    });
    $('composer').addEventListener('input', () => this.current?.typing());
    $('composer').addEventListener('blur', () => this.current?.stopTyping());
    $('load-older').addEventListener('click', () => void this.current?.loadOlder());
    $('new-conversation').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.create();
    });
  }

  /** The open conversation (for tests and the console). */
  conversation(): Conversation | undefined {
    return this.current;
  }

  async loadConversations(open?: string | null): Promise<void> {
    try {
      this.conversations = await this.chat.rest.conversations();
    } catch (error) {
      console.warn('conversations', error);
      return;
    }
    // Subscribe to every conversation (up to 20) so that unread counts stay live.
    for (const info of this.conversations.slice(0, 20)) this.watch(info.id);
    this.renderList();
    if (open && !this.current) this.open(open);
  }

  private watch(id: string): Conversation {
    const known = this.listItems.has(id);
    const conversation = this.chat.conversation(id);
    if (!known) conversation.on('change', () => this.renderUnread(id));
    return conversation;
  }

  private async create(): Promise<void> {
    const memberIds = $<HTMLInputElement>('new-members').value.split(',').map((s) => s.trim()).filter(Boolean);
    const title = $<HTMLInputElement>('new-title').value.trim() || undefined;
    const info = await this.chat.rest.createConversation({ memberIds, title });
    $<HTMLInputElement>('new-members').value = '';
    $<HTMLInputElement>('new-title').value = '';
    await this.loadConversations();
    this.open(info.id);
  }

  open(id: string): void {
    this.unsubscribe?.();
    this.tracker?.disconnect();
    this.rows.clear();
    $('messages').replaceChildren();
    const conversation = this.watch(id);
    this.current = conversation;
    this.tracker = new ReadTracker(conversation, $('scroller'));
    this.unsubscribe = conversation.on('change', () => this.renderConversation());
    const url = new URL(location.href);
    url.searchParams.set('conversation', id);
    history.replaceState(null, '', url);
    $<HTMLInputElement>('composer').disabled = false;
    $<HTMLButtonElement>('send').disabled = false;
    this.renderList();
    this.renderConversation();
  }

  renderStatus(state: ConnectionState): void {
    const element = $('status');
    const shown = state.status === 'idle' ? 'connecting' : state.status;
    element.dataset.state = shown;
    element.textContent = statusLabel(state);
    if (this.current) this.renderPresence(this.current);
  }

  private renderList(): void {
    const list = $('conversations');
    for (const info of this.conversations) {
      let item = this.listItems.get(info.id);
      if (!item) {
        item = document.createElement('li');
        item.dataset.testid = 'conversation';
        item.dataset.conversationId = info.id;
        const name = document.createElement('span');
        name.className = 'name';
        const unread = document.createElement('span');
        unread.dataset.testid = 'unread-count';
        item.append(name, unread);
        item.addEventListener('click', () => this.open(info.id));
        this.listItems.set(info.id, item);
      }
      (item.querySelector('.name') as HTMLElement).textContent = info.title || info.memberIds.filter((m) => m !== this.user).join(', ') || info.id;
      item.setAttribute('aria-current', String(this.current?.id === info.id));
      list.append(item);
      this.renderUnread(info.id);
    }
  }

  private renderUnread(id: string): void {
    const badge = this.listItems.get(id)?.querySelector('[data-testid="unread-count"]') as HTMLElement | null;
    if (!badge) return;
    const conversation = this.chat.conversation(id);
    const info = this.conversations.find((c) => c.id === id);
    const last = conversation.lastSeq ?? info?.lastSeq ?? 0;
    const count = Math.max(0, last - conversation.receipt(this.user).read);
    badge.dataset.count = String(count);
    badge.textContent = String(count);
  }

  private renderConversation(): void {
    const conversation = this.current;
    if (!conversation) return;
    const info = conversation.info;
    $('title').textContent = info ? info.title || info.memberIds.join(', ') : 'Loading…';
    this.renderPresence(conversation);
    const names = conversation.typers;
    $('typing').textContent = names.length ? `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} typing…` : '';
    $('load-older').hidden = !conversation.hasOlder;
    this.renderMessages(conversation.messages);
  }

  private renderPresence(conversation: Conversation): void {
    const members = $('members');
    const nodes = conversation.memberIds
      .filter((m) => m !== this.user)
      .map((userId) => {
        const dot = document.createElement('span');
        dot.dataset.testid = 'presence';
        dot.dataset.userId = userId;
        dot.dataset.online = String(conversation.presence.get(userId)?.online ?? false);
        dot.dataset.stale = String(conversation.presenceStale);
        dot.textContent = userId;
        return dot;
      });
    members.replaceChildren(...nodes);
  }

  private renderMessages(views: MessageView[]): void {
    const list = $('messages');
    const scroller = $('scroller');
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
    const keep = new Set<string>();
    let previous: Element | null = null;
    for (const view of views) {
      keep.add(view.key);
      let row = this.rows.get(view.key);
      if (!row) {
        row = this.row(view);
        this.rows.set(view.key, row);
      }
      this.update(row, view);
      // Keep DOM order equal to display order, moving only what is out of place.
      const expected: Element | null = previous ? previous.nextElementSibling : list.firstElementChild;
      if (expected !== row) list.insertBefore(row, expected);
      previous = row;
    }
    for (const [key, row] of this.rows) {
      if (!keep.has(key)) {
        this.tracker?.unobserve(row);
        row.remove();
        this.rows.delete(key);
      }
    }
    if (atBottom) scroller.scrollTop = scroller.scrollHeight;
  }

  private row(view: MessageView): HTMLLIElement {
    const row = document.createElement('li');
    row.dataset.testid = 'message';
    row.dataset.senderId = view.senderId;
    if (view.clientMessageId) row.dataset.clientMessageId = view.clientMessageId;
    row.classList.toggle('own', view.own);
    const sender = document.createElement('span');
    sender.className = 'sender';
    sender.textContent = view.own ? 'you' : view.senderId;
    const text = document.createElement('span');
    text.dataset.testid = 'message-text';
    // Always text, never HTML.
    text.textContent = view.text;
    const status = document.createElement('span');
    status.className = 'ticks';
    row.append(sender, text, status);
    return row;
  }

  private update(row: HTMLLIElement, view: MessageView): void {
    row.dataset.status = view.status;
    if (view.seq !== undefined && row.dataset.seq !== String(view.seq)) {
      row.dataset.seq = String(view.seq);
      this.tracker?.observe(row);
    }
    const status = row.querySelector('.ticks') as HTMLElement;
    if (view.own) {
      status.textContent = ticks(view.status);
      status.title = view.error ? `${view.error.code}: ${view.error.message}` : view.status;
    }
    const retry = row.querySelector('[data-testid="retry"]');
    if (view.status === 'failed' && !retry) {
      const button = document.createElement('button');
      button.dataset.testid = 'retry';
      button.textContent = 'Retry';
      button.addEventListener('click', () => this.current?.retry(view.clientMessageId!));
      row.append(button);
    } else if (view.status !== 'failed' && retry) {
      retry.remove();
    }
  }
}

void main();
