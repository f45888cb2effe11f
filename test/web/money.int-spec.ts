import { randomUUID } from 'node:crypto';
import { Mnemonic, randomBytes, Wallet } from 'ethers';
import type { Page } from 'playwright-core';
import { Address, GOOD_ADDRESS, NOWHERE } from '../e2e/client';
import { waitFor } from '../support/env';
import { Chain, RPC_URL } from '../wallet-crypto/chain';
import { expectAccessible } from './a11y';
import {
  Account,
  noHorizontalScroll,
  overflowingElements,
  PHONE,
  register,
  screenshot,
  WIDTHS,
} from './browser';
import { browserSystem } from './browser-system';

interface DepositAddress {
  address: string;
  weiPerMinorUnit: string;
}
interface Withdrawal {
  status: string;
  amount: string;
  source: string;
  toAddress: string;
  txHash: string | null;
}

/**
 * Money in a real browser (Debian chromium via playwright-core) against the real system and the stack's
 * ganache, at phone and desktop widths: a seller's payout on My lots; their wallet with the proceeds and the
 * fee rate, ether they sent to their deposit address credited, and a withdrawal of the proceeds made on the
 * page that settles on the chain; a failed winner's lot offered to the runner-up on the lot page. Each page
 * audited with axe-core. Needs `npm run build && npm run build:web`, `bash scripts/browser.sh` and ganache
 * (`bash scripts/stack.sh up ganache`) first.
 */
describe('money in a browser: proceeds, deposits from the chain, withdrawals, a second chance', () => {
  const chain = new Chain();
  const web = browserSystem({
    GAVEL_ORDER_WAIT_MS: '8000',
    GAVEL_BID_WAIT_MS: '10000',
    GAVEL_PLATFORM_FEE_BPS: '500',
    GAVEL_ETH_RPC_URL: RPC_URL,
    // the stack's key when the test command has one (scripts/secrets.sh), else this run's own
    GAVEL_CHAIN_MNEMONIC: process.env.GAVEL_CHAIN_MNEMONIC || Mnemonic.fromEntropy(randomBytes(16)).phrase,
  });
  afterAll(() => chain.destroy());

  /** A stocked item and a lot of it at 100.00 (+5 %) closing in `endsInS`. */
  async function sell(seller: Account, title: string, endsInS: number): Promise<string> {
    const sku = `sku-${randomUUID().slice(0, 8)}`;
    expect((await seller.api.call('POST', '/items', { sku, title, onHand: 1 })).status).toBe(201);
    const res = await seller.api.call<{ id: string }>('POST', '/lots', {
      title,
      description: 'An aneroid barometer in a brass case.',
      sku,
      startPrice: '10000',
      increment: { kind: 'percent', value: 5 },
      endsAt: new Date(Date.now() + endsInS * 1000).toISOString(),
      softCloseWindowS: 0,
      softCloseExtensionS: 0,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function bid(buyer: Account, lotId: string, amount: number, address: Address): Promise<void> {
    const res = await buyer.api.call(
      'POST',
      `/lots/${lotId}/bids`,
      { amount, address },
      { 'idempotency-key': randomUUID() },
    );
    expect(res.status).toBe(201);
  }

  /** Links a new key's address through the API (challenge, EIP-191 signature); returns it in lower case. */
  async function linkAddress(who: Account): Promise<string> {
    const key = Wallet.createRandom();
    const challenge = await who.api.call<{ message: string; nonce: string }>(
      'POST',
      '/wallet/addresses/challenge',
    );
    expect(challenge.status).toBe(201);
    const linked = await who.api.call('POST', '/wallet/addresses', {
      address: key.address,
      signature: await key.signMessage(challenge.body.message),
      nonce: challenge.body.nonce,
    });
    expect(linked.status).toBe(201);
    return key.address.toLowerCase();
  }

  it("shows a seller's payout and proceeds, a deposit from the chain, and a withdrawal of the proceeds that settles", async () => {
    const tag = randomUUID().slice(0, 6);
    const title = `Barometer ${tag}`;
    const seller = await register(web.gw, 'seller', 'Sam Seller');
    const buyer = await register(web.gw, 'buyer', 'Ada Buyer');
    await buyer.api.topUp(100_000);
    const lotId = await sell(seller, title, 12);
    await bid(buyer, lotId, 10_000, GOOD_ADDRESS);

    // Meanwhile the seller sends 0.02 ETH (20.00) to their deposit address and links an address of their own.
    const deposit = await waitFor(
      "the seller's deposit address (the watcher starts first)",
      async () => {
        const res = await seller.api.call<DepositAddress>('GET', '/wallet/deposit-address');
        return res.status === 200 && res.body;
      },
      60_000,
      500,
    );
    await chain.fund(deposit.address, '0.02');
    await waitFor(
      'the chain deposit credited',
      async () => {
        const res = await seller.api.call<{ items: { amount: number }[] }>('GET', '/wallet/chain-deposits');
        return res.body.items?.[0]?.amount === 2000 || undefined;
      },
      60_000,
      500,
    );
    const own = await linkAddress(seller);

    // The sale completes: 100.00 − 5 % = 95.00 to the seller's proceeds.
    await waitFor(
      'the order completed and the seller paid',
      async () => {
        const res = await seller.api.call<{ status: string; payout: string | null }>(
          'GET',
          `/lots/${lotId}/order`,
        );
        return (
          (res.status === 200 && res.body.status === 'COMPLETED' && res.body.payout === '9500') || undefined
        );
      },
      120_000,
      500,
    );

    for (const [width, viewport] of WIDTHS) {
      const mine = await web.open('/app/my-lots', viewport, seller);
      const card = mine.getByTestId('seller-lot').filter({ hasText: title });
      const payout = card.getByTestId('seller-payout');
      await payout.filter({ hasText: 'Your payout: $95.00' }).waitFor({ timeout: 30_000 });
      expect(await payout.textContent()).toContain('(price $100.00 − 5% fee $5.00), in your proceeds.');
      expect(await noHorizontalScroll(mine)).toBe(true);
      await screenshot(mine, `my-lots-proceeds-${width}`);
      await expectAccessible(mine);

      const wallet = await web.open('/app/wallet', viewport, seller);
      await wallet.getByTestId('proceeds').filter({ hasText: '$95.00' }).waitFor({ timeout: 20_000 });
      expect(await wallet.getByTestId('fee-rate').textContent()).toContain('5% of the price');
      expect(await wallet.getByTestId('available').textContent()).toBe('$20.00');
      expect(await wallet.getByLabel('Your deposit address').inputValue()).toBe(deposit.address);
      expect(await wallet.getByTestId('chain-rate').textContent()).toBe('1 ETH = $1,000.00');
      await wallet.getByTestId('chain-deposit-row').filter({ hasText: '$20.00 for 0.02 ETH' }).waitFor();
      expect(await noHorizontalScroll(wallet)).toBe(true);
      await screenshot(wallet, `wallet-proceeds-${width}`);
      await expectAccessible(wallet);
    }

    // Withdraw on the page: too much is refused with what can be withdrawn, then the proceeds go out.
    const page = await web.open('/app/wallet', PHONE, seller);
    await page.getByTestId('proceeds').filter({ hasText: '$95.00' }).waitFor({ timeout: 20_000 });
    await page.getByRole('radio', { name: /Proceeds from sales/ }).check();
    expect((await page.getByLabel('To your linked address').inputValue()).toLowerCase()).toBe(own);
    await page.getByLabel('Amount to withdraw (USD)').fill('96');
    await page.getByRole('button', { name: 'Withdraw' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'You can withdraw at most $95.00 from your proceeds.' })
      .waitFor({ timeout: 20_000 });
    await page.getByLabel('Amount to withdraw (USD)').fill('95');
    await page.getByRole('button', { name: 'Withdraw' }).click();
    const row = page.getByTestId('withdrawal-row').first();
    await row.getByTestId('withdrawal-status').filter({ hasText: 'Settled' }).waitFor({ timeout: 120_000 });
    // The page read the balances again once it settled: no proceeds left, nothing held.
    await page.getByTestId('held').filter({ hasText: '$0.00' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('proceeds').count()).toBe(0);

    const { body } = await seller.api.call<{ items: Withdrawal[] }>('GET', '/wallet/withdrawals');
    expect(body.items).toHaveLength(1);
    const [withdrawal] = body.items;
    expect(withdrawal).toMatchObject({ status: 'SETTLED', amount: '9500', source: 'proceeds' });
    expect(withdrawal.toAddress.toLowerCase()).toBe(own);
    expect(await chain.provider.getBalance(own)).toBe(9500n * BigInt(deposit.weiPerMinorUnit));
    expect(withdrawal.txHash).toMatch(/^0x[0-9a-fA-F]{64}$/);
    expect(await row.textContent()).toContain(withdrawal.txHash);
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'wallet-withdrawal-phone');
    await expectAccessible(page);

    const desktop = await web.open('/app/wallet', WIDTHS[1][1], seller);
    await desktop
      .getByTestId('withdrawal-status')
      .filter({ hasText: 'Settled' })
      .waitFor({ timeout: 20_000 });
    await desktop.getByTestId('ledger').getByText('Withdrawal sent').waitFor();
    await screenshot(desktop, 'wallet-withdrawal-desktop');
    await expectAccessible(desktop);
  });

  it("offers a failed winner's lot to the runner-up on the lot page, who accepts it", async () => {
    const seller = await register(web.gw, 'seller', 'Sam Seller');
    const [runnerUp, winner] = await Promise.all([
      register(web.gw, 'buyer', 'Rita Runner-up'),
      register(web.gw, 'buyer', 'Will Winner'),
    ]);
    await Promise.all([runnerUp.api.topUp(100_000), winner.api.topUp(100_000)]);
    const lotId = await sell(seller, `Lamp ${randomUUID().slice(0, 6)}`, 10);
    await bid(runnerUp, lotId, 10_000, GOOD_ADDRESS);
    // Delivery refuses the winner's address: their order is cancelled and the lot offers itself again.
    await bid(winner, lotId, 10_500, NOWHERE);
    await waitFor(
      'the offer to the runner-up',
      async () => {
        const lot = await seller.api.call<{ stage?: string }>('GET', `/lots/${lotId}`);
        return lot.body.stage === 'SECOND_CHANCE_OFFERED' || undefined;
      },
      120_000,
      500,
    );

    let last: Page | undefined;
    for (const [width, viewport] of WIDTHS) {
      const page = await web.open(`/app/lots/${lotId}`, viewport, runnerUp);
      const panel = page.getByTestId('failed-sale');
      await panel.getByRole('button', { name: 'Accept and buy for $100.00' }).waitFor({ timeout: 20_000 });
      await panel.getByRole('button', { name: 'Decline the offer' }).waitFor();
      expect(await noHorizontalScroll(page)).toBe(true);
      await screenshot(page, `second-chance-offer-${width}`);
      await expectAccessible(page);
      last = page;
    }

    if (!last) throw new Error('no page');
    await last.getByRole('button', { name: 'Accept and buy for $100.00' }).click();
    await last.getByRole('button', { name: 'Accept and buy for $100.00' }).waitFor({ state: 'detached' });
    await waitFor(
      'the lot sold to the runner-up',
      async () => {
        const lot = await runnerUp.api.call<{ stage?: string; buyerId?: string }>('GET', `/lots/${lotId}`);
        return (lot.body.stage === 'SOLD_TO_RUNNER_UP' && lot.body.buyerId === runnerUp.userId) || undefined;
      },
      120_000,
      500,
    );
  });
});
