import * as client from 'prom-client';
import { registry } from '@app/observability';

/** The deposit watcher's progress; `chain_id` tells chains apart when several are ever watched. */
export const chainCursorBlock = new client.Gauge({
  name: 'gavel_chain_deposit_cursor_block',
  help: 'The last block the deposit watcher scanned (its durable cursor)',
  labelNames: ['chain_id'] as const,
  registers: [registry],
});

export const chainHeadBlock = new client.Gauge({
  name: 'gavel_chain_head_block',
  help: 'The newest block the Ethereum node reported to the deposit watcher',
  labelNames: ['chain_id'] as const,
  registers: [registry],
});

export const chainDepositLag = new client.Gauge({
  name: 'gavel_chain_deposit_lag_blocks',
  help: 'Confirmed blocks not scanned yet: head − confirmations + 1 − cursor (0 when caught up)',
  labelNames: ['chain_id'] as const,
  registers: [registry],
});

export const chainDepositsCredited = new client.Counter({
  name: 'gavel_chain_deposits_credited_total',
  help: 'Chain deposits recorded by this replica: credited, or below one minor unit (dust, not credited)',
  labelNames: ['chain_id', 'outcome'] as const,
  registers: [registry],
});

export const chainDepositMinorCredited = new client.Counter({
  name: 'gavel_chain_deposit_minor_units_credited_total',
  help: 'Minor units credited from chain deposits by this replica',
  labelNames: ['chain_id'] as const,
  registers: [registry],
});

export const chainWatcherFailures = new client.Counter({
  name: 'gavel_chain_watcher_failures_total',
  help: 'Deposit scans that failed (node down or slow, database error); the watcher backs off and retries',
  labelNames: ['chain_id'] as const,
  registers: [registry],
});

export const chainReorgs = new client.Counter({
  name: 'gavel_chain_deep_reorgs_total',
  help: 'Times the node’s history changed below the cursor (a reorganisation deeper than the confirmations)',
  labelNames: ['chain_id'] as const,
  registers: [registry],
});
