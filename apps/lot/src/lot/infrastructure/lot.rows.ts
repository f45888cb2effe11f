import type { AuctionState } from '../domain/bidding';
import { fromIncrement, LotStatus, LotView } from '../domain/lot';
import { Increment, minimumNextBid } from '../domain/pricing';
import { SaleStatus } from '../domain/sale';
import {
  FailedSaleOutcome,
  OnFailedSale,
  SecondChanceOffer,
  SecondChanceStatus,
  stageOf,
} from '../domain/second-chance';

/** A `lots` row as raw SQL returns it (bigint columns arrive as strings). */
export interface LotRow {
  id: string;
  seller_id: string;
  title: string;
  description: string;
  sku: string;
  start_price: string;
  increment_kind: 'absolute' | 'percent';
  increment_value: string;
  reserve_price: string | null;
  buy_now_price: string | null;
  ends_at: Date;
  soft_close_window_s: number;
  soft_close_extension_s: number;
  status: LotStatus;
  current_price: string | null;
  leader_id: string | null;
  leader_bid_id: string | null;
  leader_hold_id: string | null;
  leader_max: string | null;
  bid_count: number;
  outcome: 'SOLD' | 'UNSOLD' | null;
  close_reason: string | null;
  buy_now: boolean;
  closed_at: Date | null;
  photo_type: string | null;
  /** The gallery's photos after the cover, in upload order. */
  photo_ids: string[];
  created_at: Date;
  sale_status: SaleStatus | null;
  sale_order_id: string | null;
  sale_failure_code: string | null;
  sale_failure_reason: string | null;
  sale_settled_at: Date | null;
  on_failed_sale: OnFailedSale;
  second_chance_status: SecondChanceStatus | null;
  second_chance_bidder_id: string | null;
  second_chance_amount: string | null;
  second_chance_offered_at: Date | null;
  second_chance_expires_at: Date | null;
  second_chance_answered_at: Date | null;
  second_chance_order_id: string | null;
  second_chance_failure_code: string | null;
  second_chance_failure_reason: string | null;
  second_chance_settled_at: Date | null;
  failed_sale_outcome: FailedSaleOutcome | null;
  relisted_as_lot_id: string | null;
  relisted_from_lot_id: string | null;
}

export const LOT_COLUMNS = `id, seller_id, title, description, sku, start_price, increment_kind, increment_value, reserve_price,
  buy_now_price, ends_at, soft_close_window_s, soft_close_extension_s, status, current_price, leader_id, leader_bid_id,
  leader_hold_id, leader_max, bid_count, outcome, close_reason, buy_now, closed_at, photo_type, photo_ids, created_at,
  sale_status, sale_order_id, sale_failure_code, sale_failure_reason, sale_settled_at, on_failed_sale,
  second_chance_status, second_chance_bidder_id, second_chance_amount, second_chance_offered_at, second_chance_expires_at,
  second_chance_answered_at, second_chance_order_id, second_chance_failure_code, second_chance_failure_reason,
  second_chance_settled_at, failed_sale_outcome, relisted_as_lot_id, relisted_from_lot_id`;

export const big = (v: string | null): bigint | null => (v === null ? null : BigInt(v));

export function incrementOf(row: LotRow): Increment {
  const value = BigInt(row.increment_value);
  return row.increment_kind === 'absolute'
    ? { kind: 'absolute', minor: value }
    : { kind: 'percent', basisPoints: value };
}

export function nextBidOf(row: LotRow): bigint {
  return minimumNextBid({
    startPrice: BigInt(row.start_price),
    increment: incrementOf(row),
    currentPrice: big(row.current_price),
  });
}

export const photoUrl = (lotId: string): string => `/lots/${lotId}/photo`;
export const galleryPhotoUrl = (lotId: string, photoId: string): string => `/lots/${lotId}/photos/${photoId}`;

/** The cover and the gallery's other photos; none without a cover (the first upload always becomes it). */
const photosOf = (row: LotRow): Pick<LotView, 'photoUrl' | 'photoUrls'> =>
  row.photo_type
    ? {
        photoUrl: photoUrl(row.id),
        photoUrls: [photoUrl(row.id), ...row.photo_ids.map((id) => galleryPhotoUrl(row.id, id))],
      }
    : {};

const opt = <K extends string, V>(key: K, value: V | null): Partial<Record<K, V>> =>
  value === null ? {} : ({ [key]: value } as Record<K, V>);

export function toLotView(row: LotRow): LotView {
  const reserve = big(row.reserve_price);
  const current = big(row.current_price);
  return {
    id: row.id,
    sellerId: row.seller_id,
    title: row.title,
    description: row.description,
    sku: row.sku,
    status: row.status,
    startPrice: row.start_price,
    increment: fromIncrement(incrementOf(row)),
    ...opt('reservePrice', row.reserve_price),
    reserveMet: reserve === null || (current !== null && current >= reserve),
    ...opt('buyNowPrice', row.buy_now_price),
    ...opt('currentPrice', row.current_price),
    ...opt('leaderId', row.leader_id),
    bidCount: row.bid_count,
    minimumNextBid: nextBidOf(row).toString(),
    endsAt: row.ends_at.toISOString(),
    softCloseWindowS: row.soft_close_window_s,
    softCloseExtensionS: row.soft_close_extension_s,
    ...opt('outcome', row.outcome),
    ...opt('closeReason', row.close_reason),
    ...(row.outcome === 'SOLD' && row.leader_id ? { winnerId: row.leader_id } : {}),
    ...opt('closedAt', row.closed_at?.toISOString() ?? null),
    // A lot sold before sale statuses existed reads PENDING until its order ends.
    ...opt('saleStatus', row.sale_status ?? (row.outcome === 'SOLD' ? 'PENDING' : null)),
    ...opt('saleOrderId', row.sale_order_id),
    ...opt('saleFailureCode', row.sale_failure_code),
    ...opt('saleFailureReason', row.sale_failure_reason),
    ...opt('saleSettledAt', row.sale_settled_at?.toISOString() ?? null),
    onFailedSale: row.on_failed_sale,
    stage: stageOf({
      status: row.status,
      outcome: row.outcome,
      saleStatus: row.sale_status,
      secondChanceStatus: row.second_chance_status,
      failedSaleOutcome: row.failed_sale_outcome,
    }),
    ...opt('buyerId', buyerOf(row)),
    ...secondChanceView(row),
    ...opt('failedSaleOutcome', row.failed_sale_outcome),
    ...opt('relistedAsLotId', row.relisted_as_lot_id),
    ...opt('relistedFromLotId', row.relisted_from_lot_id),
    ...photosOf(row),
    createdAt: row.created_at.toISOString(),
  };
}

/** Who bought the lot: the winner once their order completed, or the runner-up once theirs did. */
function buyerOf(row: LotRow): string | null {
  if (row.outcome !== 'SOLD') return null;
  if (row.sale_status === 'COMPLETED') return row.leader_id;
  return row.second_chance_status === 'COMPLETED' ? row.second_chance_bidder_id : null;
}

function secondChanceView(row: LotRow): Pick<LotView, 'secondChance'> {
  const offer = secondChanceOf(row);
  if (!offer) return {};
  return {
    secondChance: {
      bidderId: offer.bidderId,
      amount: offer.amount.toString(),
      status: offer.status,
      ...opt('offeredAt', row.second_chance_offered_at?.toISOString() ?? null),
      expiresAt: offer.expiresAt.toISOString(),
      ...opt('answeredAt', row.second_chance_answered_at?.toISOString() ?? null),
      ...opt('orderId', row.second_chance_order_id),
      ...opt('failureCode', row.second_chance_failure_code),
      ...opt('failureReason', row.second_chance_failure_reason),
      ...opt('settledAt', row.second_chance_settled_at?.toISOString() ?? null),
    },
  };
}

/** The runner-up's offer on a lot whose sale failed, if one was made. */
export function secondChanceOf(row: LotRow): SecondChanceOffer | null {
  if (
    row.second_chance_status === null ||
    row.second_chance_bidder_id === null ||
    row.second_chance_amount === null ||
    row.second_chance_expires_at === null
  )
    return null;
  return {
    status: row.second_chance_status,
    bidderId: row.second_chance_bidder_id,
    amount: BigInt(row.second_chance_amount),
    expiresAt: row.second_chance_expires_at,
  };
}

/** The bidding rules' view of a lot row. */
export function auctionState(lot: LotRow): AuctionState {
  return {
    open: lot.status === 'OPEN',
    sellerId: lot.seller_id,
    endsAt: lot.ends_at,
    startPrice: BigInt(lot.start_price),
    increment: incrementOf(lot),
    currentPrice: big(lot.current_price),
    leader:
      lot.leader_id !== null && lot.current_price !== null
        ? {
            bidderId: lot.leader_id,
            amount: BigInt(lot.current_price),
            maxAmount: BigInt(lot.leader_max ?? lot.current_price),
          }
        : null,
    buyNowPrice: big(lot.buy_now_price),
    softCloseWindowS: lot.soft_close_window_s,
    softCloseExtensionS: lot.soft_close_extension_s,
  };
}
