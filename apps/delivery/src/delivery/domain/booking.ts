import type { DeliveryAddress } from '@app/contracts';

export type BookingStatus = 'BOOKED' | 'CANCELLED';

export const DEFAULT_SERVED_COUNTRIES = ['NL', 'DE', 'BE', 'FR', 'GB', 'US'] as const;

export type AddressCheck = { deliverable: true } | { deliverable: false; reason: string };

/** Parses a comma-separated list of ISO country codes (e.g. GAVEL_DELIVERY_COUNTRIES). */
export function parseCountries(raw: string | undefined): string[] {
  const list = (raw ?? '')
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c.length > 0);
  return list.length > 0 ? list : [...DEFAULT_SERVED_COUNTRIES];
}

/** An address is deliverable when its country is served and its street line and postcode are filled in. */
export function checkAddress(address: DeliveryAddress, servedCountries: readonly string[]): AddressCheck {
  const country = address.country.trim().toUpperCase();
  if (!servedCountries.includes(country))
    return { deliverable: false, reason: `country ${country || '(blank)'} is not served` };
  if (address.line1.trim() === '') return { deliverable: false, reason: 'address line1 is blank' };
  if (address.postcode.trim() === '') return { deliverable: false, reason: 'postcode is blank' };
  return { deliverable: true };
}
