/** The event handlers (one folder each), for the module and the consumer that dispatches to them. */
export * from './broadcast-when-lot-created/broadcast-when-lot-created.handler';
export * from './close-lot-when-auction-closed/close-lot-when-auction-closed.handler';
export * from './extend-lot-when-auction-extended/extend-lot-when-auction-extended.handler';
