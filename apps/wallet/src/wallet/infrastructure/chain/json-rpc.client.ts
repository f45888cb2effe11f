import { ChainUnavailableError } from '../../domain/chain-balance.port';

/** A JSON-RPC error answer: the node was asked and said no. */
export class JsonRpcErrorAnswer extends Error {
  constructor(
    readonly method: string,
    readonly rpcCode: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'JsonRpcErrorAnswer';
  }
}

/**
 * One JSON-RPC call per HTTP request, bounded by `timeoutMs`. A node that cannot be reached, is slow or
 * answers garbage rejects with ChainUnavailableError; an error answer rejects with JsonRpcErrorAnswer
 * (the node's own message, for the caller to judge).
 */
export class JsonRpcClient {
  private id = 0;

  constructor(
    readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async call<T>(method: string, params: unknown[]): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++this.id, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new ChainUnavailableError(`the Ethereum node at ${this.url} (${method}): ${describe(e)}`);
    }
    const body = (await res.json().catch(() => undefined)) as
      { result?: T; error?: { code?: number; message?: string } } | undefined;
    if (body?.error)
      throw new JsonRpcErrorAnswer(method, body.error.code, body.error.message ?? JSON.stringify(body.error));
    if (!res.ok || !body || !('result' in body))
      throw new ChainUnavailableError(
        `the Ethereum node at ${this.url} (${method}) answered HTTP ${res.status}`,
      );
    return body.result as T;
  }
}

function describe(e: unknown): string {
  const error = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError') return 'no answer in time';
  return [error.cause?.code, error.message].filter(Boolean).join(': ') || String(e);
}
