import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One sendMessage the bot made, with what this server answered. */
export interface SentCall {
  chatId: number;
  text: string;
  /** When the request arrived (ms). */
  at: number;
  status: 200 | 403 | 429;
  retryAfterS?: number;
}

interface Update {
  update_id: number;
  message: Record<string, unknown>;
}

type ApiAnswer = { status: number; body: Record<string, unknown> };

/**
 * A local Telegram Bot API server (node:http) speaking what the alerter calls: getMe, deleteWebhook,
 * getUpdates (long polling over a queue of updates) and sendMessage, which it records. It can answer
 * 429 (retry_after) for the next K sendMessage calls, 403 for blocked chats (and for chats that
 * never wrote to the bot, as Telegram does), and hold sendMessage calls unanswered (and unrecorded:
 * not delivered) to freeze a broadcast half way.
 */
export class FakeBotApi {
  readonly token = `123456:${randomUUID().replace(/-/g, '')}`;
  readonly sends: SentCall[] = [];
  readonly methods: string[] = [];
  private readonly server: Server = createServer((req, res) => void this.route(req, res));
  private readonly updates: Update[] = [];
  private readonly pollers = new Set<() => void>();
  private readonly known = new Set<number>();
  private readonly blocked = new Set<number>();
  private readonly held: ServerResponse[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private tooManyLeft = 0;
  private retryAfterS = 1;
  private okBeforeHold = Infinity;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const wake of this.pollers) wake();
    this.dropHeld();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A user writes `text` in a private chat (commands get their bot_command entity). */
  userWrites(chatId: number, text: string): void {
    this.known.add(chatId);
    const command = /^\/\w+/.exec(text);
    this.updates.push({
      update_id: this.nextUpdateId++,
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: `User ${chatId}` },
        from: { id: chatId, is_bot: false, first_name: `User ${chatId}` },
        text,
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      },
    });
    for (const wake of this.pollers) wake();
  }

  /** The next `k` sendMessage calls get 429 with `retry_after`. */
  tooManyRequests(k: number, retryAfterS: number): void {
    this.tooManyLeft = k;
    this.retryAfterS = retryAfterS;
  }

  block(chatId: number): void {
    this.blocked.add(chatId);
  }

  /** After `n` more successful sends, sendMessage calls hang unanswered and are not delivered. */
  holdAfter(n: number): void {
    this.okBeforeHold = n;
  }

  /** Stops holding; held calls are dropped (their client is expected to be gone). */
  release(): void {
    this.okBeforeHold = Infinity;
    this.dropHeld();
  }

  get heldCount(): number {
    return this.held.length;
  }

  delivered(filter: (call: SentCall) => boolean = () => true): SentCall[] {
    return this.sends.filter((s) => s.status === 200 && filter(s));
  }

  deliveredTo(chatId: number, contains = ''): SentCall[] {
    return this.delivered((s) => s.chatId === chatId && s.text.includes(contains));
  }

  private dropHeld(): void {
    for (const res of this.held.splice(0)) res.destroy();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const params = await readJson(req);
    if (!match || match[1] !== this.token)
      return reply(res, { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    const method = match[2];
    this.methods.push(method);
    switch (method) {
      case 'getMe':
        return reply(
          res,
          ok({
            id: 123456,
            is_bot: true,
            first_name: 'Gavel',
            username: 'gavel_test_bot',
            can_join_groups: true,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
          }),
        );
      case 'deleteWebhook':
        return reply(res, ok(true));
      case 'getUpdates':
        return this.getUpdates(req, res, params);
      case 'sendMessage':
        return this.sendMessage(res, params);
      default:
        return reply(res, {
          status: 404,
          body: { ok: false, error_code: 404, description: 'Not Found: method not found' },
        });
    }
  }

  private async getUpdates(
    req: IncomingMessage,
    res: ServerResponse,
    params: Record<string, unknown>,
  ): Promise<void> {
    const offset = Number(params.offset ?? 0);
    const limit = Number(params.limit ?? 100);
    while (this.updates.length > 0 && this.updates[0].update_id < offset) this.updates.shift();
    if (this.updates.length === 0 && Number(params.timeout ?? 0) > 0) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.pollers.delete(wake);
          clearTimeout(timer);
          req.socket.off('close', wake);
          resolve();
        };
        const timer = setTimeout(wake, Number(params.timeout) * 1000);
        this.pollers.add(wake);
        req.socket.once('close', wake);
      });
      while (this.updates.length > 0 && this.updates[0].update_id < offset) this.updates.shift();
    }
    if (!res.destroyed) reply(res, ok(this.updates.slice(0, limit)));
  }

  private sendMessage(res: ServerResponse, params: Record<string, unknown>): void {
    const chatId = Number(params.chat_id);
    const text = String(params.text ?? '');
    if (this.okBeforeHold <= 0) {
      this.held.push(res);
      return;
    }
    const at = Date.now();
    if (this.tooManyLeft > 0) {
      this.tooManyLeft--;
      this.sends.push({ chatId, text, at, status: 429, retryAfterS: this.retryAfterS });
      return reply(res, {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${this.retryAfterS}`,
          parameters: { retry_after: this.retryAfterS },
        },
      });
    }
    if (this.blocked.has(chatId) || !this.known.has(chatId)) {
      this.sends.push({ chatId, text, at, status: 403 });
      const description = this.blocked.has(chatId)
        ? 'Forbidden: bot was blocked by the user'
        : "Forbidden: bot can't initiate conversation with a user";
      return reply(res, { status: 403, body: { ok: false, error_code: 403, description } });
    }
    this.okBeforeHold--;
    this.sends.push({ chatId, text, at, status: 200 });
    reply(
      res,
      ok({
        message_id: this.nextMessageId++,
        date: Math.floor(at / 1000),
        chat: { id: chatId, type: 'private' },
        text,
      }),
    );
  }
}

function ok(result: unknown): ApiAnswer {
  return { status: 200, body: { ok: true, result } };
}

function reply(res: ServerResponse, { status, body }: ApiAnswer): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return {};
  }
}
