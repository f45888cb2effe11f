/** What a user is told; built from an event by a pure function. */
export interface NotificationDraft {
  userId: string;
  kind: string;
  title: string;
  body: string;
  data: unknown;
}

export function formatMinor(amount: string, currency: string): string {
  const value = BigInt(amount);
  const whole = value / 100n;
  const cents = (value % 100n).toString().padStart(2, '0');
  return `${whole.toString()}.${cents} ${currency}`;
}
