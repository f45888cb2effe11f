/**
 * Money is integer minor units in the API, of the platform's one currency (GET /config: its code and
 * decimals); pages show and read it as major units. USD until /config has answered.
 */
interface Currency {
  code: string;
  minorDigits: number;
  symbol: string;
}

const symbolOf = (code: string): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: code })
    .formatToParts(0)
    .find((p) => p.type === 'currency')?.value ?? code;

let currency: Currency = { code: 'USD', minorDigits: 2, symbol: '$' };

/** Reads the platform's currency once, before the pages render; keeps USD if the gateway cannot say. */
export async function loadCurrency(): Promise<void> {
  try {
    const res = await fetch('/config', { headers: { accept: 'application/json' } });
    const body = (await res.json()) as { currency?: unknown; minorDigits?: unknown };
    if (!res.ok || typeof body.currency !== 'string' || typeof body.minorDigits !== 'number') return;
    currency = { code: body.currency, minorDigits: body.minorDigits, symbol: symbolOf(body.currency) };
  } catch {
    // the pages still work; amounts read as USD until the next load
  }
}

/** The currency's code for labels such as "Top up (USD)". */
export const currencyCode = (): string => currency.code;

const scale = (): bigint => 10n ** BigInt(currency.minorDigits);

export function formatMoney(minor: string | number | null | undefined): string {
  if (minor === null || minor === undefined || minor === '') return '—';
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const units = (abs / scale()).toLocaleString('en-US');
  const digits = currency.minorDigits;
  const fraction = digits > 0 ? `.${(abs % scale()).toString().padStart(digits, '0')}` : '';
  return `${negative ? '−' : ''}${currency.symbol}${units}${fraction}`;
}

/** "12.5" → 1250 (for two decimals); undefined when not a positive amount the currency can express. */
export function parseMoney(input: string): number | undefined {
  const digits = currency.minorDigits;
  const fraction = digits > 0 ? `(?:[.,](\\d{1,${digits}}))?` : '';
  const m = new RegExp(`^\\s*(\\d{1,9})${fraction}\\s*$`).exec(input);
  if (!m) return undefined;
  const minor = Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || '0');
  return minor > 0 ? minor : undefined;
}

/** The bid a "+p%" button places: p percent over the current price, never below the minimum next bid. */
export function percentBid(current: string, minimumNext: string, percent: number): string {
  const base = BigInt(current);
  const raised = (base * BigInt(100 + percent) + 99n) / 100n;
  const min = BigInt(minimumNext);
  return (raised > min ? raised : min).toString();
}
