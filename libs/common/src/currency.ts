/**
 * Gavel has one currency: `GAVEL_CURRENCY` (an ISO 4217 code, default USD). Every amount in the
 * system is an integer number of its minor units (cents for USD); how many decimals a minor unit has
 * comes from the code (USD 2, JPY 0). Wallets, the ledger, notifications, Telegram messages, the API
 * docs (`GET /config` at the gateway) and the pages all show this one currency.
 */
export const DEFAULT_CURRENCY = 'USD';

const ISO_CODE = /^[A-Z]{3}$/;

/** The configured currency code; a malformed GAVEL_CURRENCY fails at start instead of mislabelling money. */
export function platformCurrency(env: NodeJS.ProcessEnv = process.env): string {
  const code = (env.GAVEL_CURRENCY || DEFAULT_CURRENCY).trim().toUpperCase();
  if (!ISO_CODE.test(code)) throw new Error(`GAVEL_CURRENCY must be an ISO 4217 code, got "${code}"`);
  return code;
}

/** Decimals of one minor unit of `code` (USD 2, JPY 0, KWD 3). */
export function minorDigits(code: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
    .maximumFractionDigits as number;
}

/** Integer minor units as text with the code: `123456` USD → `1234.56 USD`; exact for any bigint. */
export function formatMinor(amount: string | bigint, code: string = platformCurrency()): string {
  const value = BigInt(amount);
  const abs = value < 0n ? -value : value;
  const digits = minorDigits(code);
  const scale = 10n ** BigInt(digits);
  const fraction = digits > 0 ? `.${(abs % scale).toString().padStart(digits, '0')}` : '';
  return `${value < 0n ? '-' : ''}${(abs / scale).toString()}${fraction} ${code}`;
}
