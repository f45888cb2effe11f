import { intEnv, platformCurrency } from '@app/common';

/** The wallets' one currency (GAVEL_CURRENCY, default USD): every account and journal entry is in it. */
export const WALLET_CURRENCY = platformCurrency();

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

export interface LedgerConfig {
  currency: string;
  /** GAVEL_PLATFORM_FEE_BPS: the platform's fee on a sale in basis points (500 = 5 %), 0 to 10 000. */
  platformFeeBps: number;
}

export function ledgerConfigFromEnv(): LedgerConfig {
  const platformFeeBps = intEnv('GAVEL_PLATFORM_FEE_BPS', 500);
  if (platformFeeBps < 0 || platformFeeBps > 10_000)
    throw new Error(`GAVEL_PLATFORM_FEE_BPS must be 0 to 10000, got ${platformFeeBps}`);
  return { currency: WALLET_CURRENCY, platformFeeBps };
}

export const ledgerConfigProvider = { provide: LEDGER_CONFIG, useFactory: ledgerConfigFromEnv };
