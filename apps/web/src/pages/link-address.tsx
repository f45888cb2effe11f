import { FormEvent, useState } from 'react';
import { call, describe } from '../api';
import { ErrorNotice, Status } from '../ui';

interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}
const injected = (): Eip1193 | undefined => (window as unknown as { ethereum?: Eip1193 }).ethereum;

/**
 * Links an Ethereum address: the wallet issues a challenge message, the user signs it (with an
 * injected wallet such as MetaMask when present, else pastes a signature), the wallet verifies it.
 */
export function LinkAddress({ onLinked }: { onLinked(): void }) {
  const [message, setMessage] = useState<string | null>(null);
  const [address, setAddress] = useState('');
  const [signature, setSignature] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [linked, setLinked] = useState<string | null>(null);

  async function challenge(): Promise<void> {
    setError(null);
    try {
      const res = await call<{ nonce: string; message: string }>('POST', '/wallet/addresses/challenge');
      setMessage(res.body.message);
      const eth = injected();
      if (eth) {
        const [account] = (await eth.request({ method: 'eth_requestAccounts' })) as string[];
        const signed = (await eth.request({
          method: 'personal_sign',
          params: [res.body.message, account],
        })) as string;
        setAddress(account);
        setSignature(signed);
      }
    } catch (e) {
      setError(describe(e));
    }
  }

  async function verify(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    try {
      await call('POST', '/wallet/addresses', { address: address.trim(), signature: signature.trim() });
      setLinked(address.trim());
      setMessage(null);
      onLinked();
    } catch (err) {
      setError(describe(err));
    }
  }

  return (
    <section aria-labelledby="link-heading" className="panel">
      <h2 id="link-heading">Link an Ethereum address</h2>
      <p>Its verified balance counts towards what you can bid.</p>
      <button type="button" onClick={() => void challenge()}>
        {injected() ? 'Sign with my browser wallet' : 'Get a message to sign'}
      </button>
      {message && (
        <form onSubmit={(e) => void verify(e)}>
          <label htmlFor="link-message">Message to sign</label>
          <textarea id="link-message" readOnly value={message} rows={4} />
          <label htmlFor="link-address">Address</label>
          <input
            id="link-address"
            className="mono"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            pattern="0x[0-9a-fA-F]{40}"
            required
          />
          <label htmlFor="link-signature">Signature</label>
          <textarea
            id="link-signature"
            className="mono"
            value={signature}
            onChange={(e) => setSignature(e.target.value)}
            rows={3}
            required
          />
          <button type="submit">Link address</button>
        </form>
      )}
      <ErrorNotice error={error} />
      {linked && <Status>Linked {linked}.</Status>}
    </section>
  );
}
