import * as client from 'prom-client';
import { registry } from '@app/observability';

export const lotRequests = new client.Counter({
  name: 'gavel_lot_requests_total',
  help: 'Calls sent to a lot service replica, by replica (each fallback attempt counts again)',
  labelNames: ['replica'] as const,
  registers: [registry],
});

export const lotFallbacks = new client.Counter({
  name: 'gavel_lot_fallbacks_total',
  help:
    "Calls sent past a lot replica to the next one of the lot's order, by the replica passed and why " +
    '(down: marked down before; refused: it refused the connection; reset: it dropped a call that may be sent again)',
  labelNames: ['replica', 'reason'] as const,
  registers: [registry],
});
