import { Wallet } from 'ethers';
import { closePools } from '../support/env';
import { ApiUser } from './client';
import { System } from './system';

/** Linking an Ethereum address through the public API: the signature proves ownership. */
describe('wallet address linking through the gateway', () => {
  const system = new System();
  let buyer: ApiUser;

  beforeAll(async () => {
    await system.start(['wallet']);
    await system.start(['gateway']);
    buyer = await ApiUser.register(system.url('gateway'), 'buyer');
    await buyer.topUp(100);
  });
  afterAll(async () => {
    await system.stop();
    await closePools();
  });

  it('links an address whose key signed the challenge, and refuses a wrong signature', async () => {
    const key = Wallet.createRandom();
    const challenge = await buyer.call<{ message: string; nonce: string }>(
      'POST',
      '/wallet/addresses/challenge',
    );
    expect(challenge.status).toBe(201);
    expect(challenge.body.message).toContain(challenge.body.nonce);

    const impostor = Wallet.createRandom();
    const wrong = await buyer.call<{ code: string }>('POST', '/wallet/addresses', {
      address: key.address,
      signature: await impostor.signMessage(challenge.body.message),
      nonce: challenge.body.nonce,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('WALLET.BAD_SIGNATURE');

    const fresh = await buyer.call<{ message: string; nonce: string }>('POST', '/wallet/addresses/challenge');
    const linked = await buyer.call<{ address: string }>('POST', '/wallet/addresses', {
      address: key.address,
      signature: await key.signMessage(fresh.body.message),
      nonce: fresh.body.nonce,
    });
    expect(linked.status).toBe(201);
    expect(linked.body.address.toLowerCase()).toBe(key.address.toLowerCase());
    const list = await buyer.call<{ items: { address: string }[] }>('GET', '/wallet/addresses');
    expect(list.body.items.map((i) => i.address.toLowerCase())).toEqual([key.address.toLowerCase()]);

    const malformed = await buyer.call<{ code: string }>('POST', '/wallet/addresses', {
      address: 'nope',
      signature: '0x00',
    });
    expect(malformed.status).toBe(400);
  });
});
