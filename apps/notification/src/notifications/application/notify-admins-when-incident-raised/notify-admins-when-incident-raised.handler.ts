import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, SagaIncidentData, SagaIncidentSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { incidentRaised } from '../../domain/ops-drafts';
import { notifyAdmins } from '../../infrastructure/admin.store';

/** SagaIncidentRaised (saga.alerts) → every admin known so far, once each per message. */
@Injectable()
export class NotifyAdminsWhenIncidentRaisedHandler implements MessageHandler<SagaIncidentData> {
  private readonly logger = new Logger(NotifyAdminsWhenIncidentRaisedHandler.name);
  readonly schema = SagaIncidentSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, SagaIncidentData>,
  ): Promise<void> {
    const told = await notifyAdmins(manager, (admins) => incidentRaised(data, admins), metadata);
    if (!told)
      this.logger.error({
        message: 'saga incident raised but no admin is known to notify',
        sagaId: data.sagaId,
        step: data.step,
      });
  }
}
