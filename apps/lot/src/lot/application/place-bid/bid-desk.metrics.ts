import * as client from 'prom-client';
import { registry } from '@app/observability';

export const bidDecisions = new client.Counter({
  name: 'gavel_bid_decisions_total',
  help: 'Bids answered by the bid desk, by status and code (ALLOWANCE_TOO_LOW answers are not final)',
  labelNames: ['status', 'code'] as const,
  registers: [registry],
});

export const bidBatchSize = new client.Histogram({
  name: 'gavel_bid_desk_batch_size',
  help: 'Bids decided together in one transaction',
  buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  registers: [registry],
});

export const bidBatchSeconds = new client.Histogram({
  name: 'gavel_bid_desk_batch_seconds',
  help: 'One batch of the bid desk: from BEGIN to COMMIT',
  buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
  registers: [registry],
});
