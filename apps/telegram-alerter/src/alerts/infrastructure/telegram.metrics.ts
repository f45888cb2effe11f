import { Counter } from 'prom-client';
import { registry } from '@app/observability';

export const deliveryOutcomes = new Counter({
  name: 'gavel_telegram_deliveries_total',
  help: 'Telegram announcement attempts by decision (mark_sent, pause, forget_chat, retry, give_up)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
