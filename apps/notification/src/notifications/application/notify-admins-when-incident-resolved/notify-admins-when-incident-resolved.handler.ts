import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, SagaIncidentData, SagaIncidentSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { incidentResolved } from '../../domain/ops-drafts';
import { notifyAdmins } from '../../infrastructure/admin.store';

/** SagaIncidentResolved (saga.alerts) → every admin known so far, once each per message. */
@Injectable()
export class NotifyAdminsWhenIncidentResolvedHandler implements MessageHandler<SagaIncidentData> {
  private readonly logger = new Logger(NotifyAdminsWhenIncidentResolvedHandler.name);
  readonly schema = SagaIncidentSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, SagaIncidentData>,
  ): Promise<void> {
    const told = await notifyAdmins(manager, (admins) => incidentResolved(data, admins), metadata);
    if (!told)
      this.logger.warn({
        message: 'saga incident resolved but no admin is known to notify',
        sagaId: data.sagaId,
        step: data.step,
      });
  }
}
