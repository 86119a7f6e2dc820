import type { ChatError } from './connection.js';

export interface StoredMessage {
  messageId: string;
  conversationId: string;
  seq: number;
  senderId: string;
  clientMessageId: string;
  text: string;
  createdAt: string;
}

export interface Page {
  messages: StoredMessage[];
  hasMore: boolean;
}

export interface ConversationInfo {
  id: string;
  title?: string | null;
  createdBy: string;
  createdAt: string;
  lastSeq: number;
  version?: number;
  memberIds: string[];
  /** Members who took part (created it or wrote in it): only their presence is shared (ADR 10). */
  participantIds?: string[];
}

export interface MemberReceipt {
  userId: string;
  deliveredUpToSeq: number;
  readUpToSeq: number;
}

export interface Unread {
  conversationId: string;
  lastSeq: number;
  readUpToSeq: number;
  unread: number;
}

export interface PresenceInfo {
  userId: string;
  online: boolean;
  lastSeenAt?: string | null;
}

/** A REST call that did not answer 2xx; `problem` is the RFC 9457 body when there was one. */
export class RestError extends Error {
  constructor(readonly status: number, readonly problem: Partial<ChatError> & Record<string, unknown>) {
    super(`HTTP ${status}${problem.code ? ' ' + problem.code : ''}`);
  }
}

export interface RestOptions {
  messageServiceUrl: string;
  presenceServiceUrl?: string;
  receiptServiceUrl?: string;
  fetch: typeof fetch;
  token: (forceRefresh: boolean) => Promise<string>;
}

/** The REST APIs of the message, presence and receipt services, with the user's token. */
export class Rest {
  constructor(private readonly options: RestOptions) {}

  conversations(): Promise<ConversationInfo[]> {
    return this.call(this.options.messageServiceUrl, '/api/conversations');
  }

  conversation(id: string): Promise<ConversationInfo> {
    return this.call(this.options.messageServiceUrl, `/api/conversations/${id}`);
  }

  createConversation(request: { memberIds: string[]; title?: string }): Promise<ConversationInfo> {
    return this.call(this.options.messageServiceUrl, '/api/conversations', { method: 'POST', body: request });
  }

  addMember(conversationId: string, userId: string): Promise<ConversationInfo> {
    return this.call(this.options.messageServiceUrl, `/api/conversations/${conversationId}/members`, { method: 'POST', body: { userId } });
  }

  removeMember(conversationId: string, userId: string): Promise<void> {
    return this.call(this.options.messageServiceUrl, `/api/conversations/${conversationId}/members/${userId}`, { method: 'DELETE' });
  }

  messagesAfter(conversationId: string, afterSeq: number, limit = 200): Promise<Page> {
    return this.call(this.options.messageServiceUrl, `/api/conversations/${conversationId}/messages?afterSeq=${afterSeq}&limit=${limit}`);
  }

  messagesBefore(conversationId: string, beforeSeq: number, limit = 50): Promise<Page> {
    return this.call(this.options.messageServiceUrl, `/api/conversations/${conversationId}/messages?beforeSeq=${beforeSeq}&limit=${limit}`);
  }

  receipts(conversationId: string): Promise<MemberReceipt[]> {
    return this.call(this.required(this.options.receiptServiceUrl, 'receiptServiceUrl'), `/api/conversations/${conversationId}/receipts`);
  }

  unread(): Promise<Unread[]> {
    return this.call(this.required(this.options.receiptServiceUrl, 'receiptServiceUrl'), '/api/unread');
  }

  presence(userIds: string[]): Promise<PresenceInfo[]> {
    const query = userIds.map(encodeURIComponent).join(',');
    return this.call(this.required(this.options.presenceServiceUrl, 'presenceServiceUrl'), `/api/presence?userIds=${query}`);
  }

  get hasReceipts(): boolean {
    return !!this.options.receiptServiceUrl;
  }

  get hasPresence(): boolean {
    return !!this.options.presenceServiceUrl;
  }

  private required(url: string | undefined, name: string): string {
    if (!url) throw new Error(`${name} is not configured`);
    return url;
  }

  private async call<T>(base: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    let response = await this.request(base, path, init, false);
    if (response.status === 401) {
      // One forced refresh, as on the socket; a second 401 is the caller's problem.
      response = await this.request(base, path, init, true);
    }
    if (!response.ok) {
      let problem: Record<string, unknown> = {};
      try {
        problem = await response.json();
      } catch {
        // No body.
      }
      throw new RestError(response.status, problem);
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  private async request(base: string, path: string, init: { method?: string; body?: unknown }, force: boolean): Promise<Response> {
    const token = await this.options.token(force);
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    return this.options.fetch(base.replace(/\/$/, '') + path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  }
}
