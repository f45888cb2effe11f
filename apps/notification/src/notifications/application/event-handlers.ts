/**
 * The event handlers (one folder each), for the consumer that dispatches to them and the module, which
 * provides every export of this file: export handler classes only.
 */
export * from './notify-admins-when-compensation-failed/notify-admins-when-compensation-failed.handler';
export * from './notify-admins-when-incident-raised/notify-admins-when-incident-raised.handler';
export * from './notify-admins-when-incident-resolved/notify-admins-when-incident-resolved.handler';
export * from './notify-when-auction-closed/notify-when-auction-closed.handler';
export * from './notify-when-chain-deposit-credited/notify-when-chain-deposit-credited.handler';
export * from './notify-when-funds-deposited/notify-when-funds-deposited.handler';
export * from './notify-when-lot-sale-failed/notify-when-lot-sale-failed.handler';
export * from './notify-when-order-cancelled/notify-when-order-cancelled.handler';
export * from './notify-when-order-completed/notify-when-order-completed.handler';
export * from './notify-when-outbid/notify-when-outbid.handler';
export * from './notify-when-second-chance-accepted/notify-when-second-chance-accepted.handler';
export * from './notify-when-second-chance-ended/notify-when-second-chance-ended.handler';
export * from './notify-when-second-chance-offered/notify-when-second-chance-offered.handler';
export * from './notify-when-withdrawal-ended/notify-when-withdrawal-ended.handler';
export * from './record-admin-when-user-registered/record-admin-when-user-registered.handler';
