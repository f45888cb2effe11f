/** Kafka topics. The outbox row's `aggregatetype` is the topic name (Outbox Event Router). */
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
