/** What a user is told; built from an event by a pure function. */
export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  data: unknown;
}

export const NotificationKinds = {
  depositCredited: 'deposit.credited',
  withdrawalSettled: 'withdrawal.settled',
  withdrawalFailed: 'withdrawal.failed',
  chainDepositCredited: 'deposit.chain_credited',
  orderCompleted: 'order.completed',
  orderCancelled: 'order.cancelled',
  compensationFailed: 'ops.compensation_failed',
  incidentRaised: 'ops.incident_raised',
  incidentResolved: 'ops.incident_resolved',
  outbid: 'auction.outbid',
  auctionWon: 'auction.won',
  lotSold: 'auction.sold',
  lotUnsold: 'auction.unsold',
  saleFailed: 'auction.sale_failed',
  purchaseFailed: 'auction.purchase_failed',
  secondChanceOffered: 'auction.second_chance_offered',
  secondChanceMade: 'auction.second_chance_made',
  secondChanceAccepted: 'auction.second_chance_accepted',
  secondChanceEnded: 'auction.second_chance_ended',
} as const;

export type NotificationKind = (typeof NotificationKinds)[keyof typeof NotificationKinds];
