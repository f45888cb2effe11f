import { formatMinor } from '@app/common';

/** What subscribers are told about a lot; built by pure functions from what the alerter stored. */
export interface AnnouncedLot {
  lotId: string;
  title: string;
  /** Integer minor units as a decimal string. */
  startPrice: string;
  buyNowPrice: string | null;
  endsAt: Date;
}

export interface AnnouncementFormat {
  /** Public base URL of Gavel's web front, without a trailing slash. */
  publicUrl: string;
  /** The platform's currency code (GAVEL_CURRENCY). */
  currency: string;
}

const MAX_TITLE = 200;

/** `2025-03-01 18:30 UTC`: unambiguous for subscribers in any time zone. */
export function formatEndsAt(endsAt: Date): string {
  return `${endsAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function lotLink(lotId: string, format: AnnouncementFormat): string {
  return `${format.publicUrl.replace(/\/+$/, '')}/lots/${encodeURIComponent(lotId)}`;
}

function shortTitle(title: string): string {
  const oneLine = title.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_TITLE ? `${oneLine.slice(0, MAX_TITLE - 1)}…` : oneLine;
}

/** The broadcast message (plain text: no parse mode, so titles need no escaping). */
export function announcementText(lot: AnnouncedLot, format: AnnouncementFormat): string {
  const lines = [
    `New lot: ${shortTitle(lot.title)}`,
    `Starting price: ${formatMinor(lot.startPrice, format.currency)}`,
    ...(lot.buyNowPrice ? [`Buy now: ${formatMinor(lot.buyNowPrice, format.currency)}`] : []),
    `Ends: ${formatEndsAt(lot.endsAt)}`,
    lotLink(lot.lotId, format),
  ];
  return lines.join('\n');
}

/** The reply to /lots. */
export function openLotsText(lots: AnnouncedLot[], format: AnnouncementFormat): string {
  if (lots.length === 0) return 'No open lots right now. You will be told when a new one appears.';
  const items = lots.map(
    (lot, i) =>
      `${i + 1}. ${shortTitle(lot.title)}: from ${formatMinor(lot.startPrice, format.currency)}, ` +
      `ends ${formatEndsAt(lot.endsAt)}\n${lotLink(lot.lotId, format)}`,
  );
  return [`Open lots (${lots.length}):`, ...items].join('\n');
}
