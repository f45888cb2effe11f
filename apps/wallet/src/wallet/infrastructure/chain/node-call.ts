import { ChainUnavailableError } from '../../domain/chain-balance.port';

/**
 * One call to the Ethereum node at `rpcUrl`, bounded by `timeoutMs` around the call: no answer in time, or
 * any failure of the node or the transport, is a ChainUnavailableError naming the node and a one-line reason.
 */
export async function callNode<T>(rpcUrl: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ChainUnavailableError(`the Ethereum node at ${rpcUrl} did not answer within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([run(), deadline]);
  } catch (e) {
    if (e instanceof ChainUnavailableError) throw e;
    throw new ChainUnavailableError(`the Ethereum node at ${rpcUrl} failed: ${shortReason(e)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** An ethers error in one line: its code and short message. */
function shortReason(e: unknown): string {
  const error = e as { code?: string; shortMessage?: string; message?: string };
  return (
    [error.code, error.shortMessage ?? error.message?.split('\n')[0]].filter(Boolean).join(': ') || String(e)
  );
}
