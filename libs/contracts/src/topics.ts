/**
 * Kafka topics. The outbox row's `aggregatetype` is the topic name (Outbox Event Router).
 *
 * Which records are written: on the saga path a participant's reply is its domain event. The reply
 * on `orchestrator.replies` already tells what happened (its type, e.g. `wallet.holdPlaced`, its
 * data, and sagaId, commandId and outcome in its metadata), so a saga command writes that one outbox
 * row and no copy of it. A `<service>.events` record is written only when some service consumes it
 * (today FundsDeposited, DepositCredited, WithdrawalSettled and WithdrawalFailed on `wallet.events`, and
 * what is on `user.events`, `lot.events`, `order.events`, `notification.events` and `saga.alerts`): every outbox row costs an INSERT, WAL, a
 * Debezium record and a Kafka write. Payment, warehouse and delivery write replies only; a service
 * that comes to need one of their facts reads `orchestrator.replies` or adds the event along with
 * its consumer.
 */
export const Topics = {
  walletEvents: 'wallet.events',
  userEvents: 'user.events',
  lotEvents: 'lot.events',
  orderEvents: 'order.events',
  /** Incidents and compensation refusals of every saga type, for ops (notification, the ops page). */
  sagaAlerts: 'saga.alerts',
  orchestratorReplies: 'orchestrator.replies',
  commands: (service: string): string => `${service}.commands`,
  deadLetter: (topic: string): string => `${topic}.dlq`,
} as const;
