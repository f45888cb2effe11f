import { platformCurrency, platformFeeBps } from '@app/common';

/** The wallets' one currency (GAVEL_CURRENCY, default USD): every account and journal entry is in it. */
export const WALLET_CURRENCY = platformCurrency();

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

export interface LedgerConfig {
  currency: string;
  /**
   * GAVEL_PLATFORM_FEE_BPS: the platform's fee on a sale in basis points (500 = 5 %), 0 to 10 000, for a
   * payout whose command states no rate (an order states the rate it was placed at).
   */
  platformFeeBps: number;
}

export function ledgerConfigFromEnv(): LedgerConfig {
  return { currency: WALLET_CURRENCY, platformFeeBps: platformFeeBps() };
}

export const ledgerConfigProvider = { provide: LEDGER_CONFIG, useFactory: ledgerConfigFromEnv };
