import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, SagaCompensationFailedData, SagaCompensationFailedSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { compensationFailed } from '../../domain/drafts';
import { adminIds } from '../../infrastructure/admin.store';
import { storeNotifications } from '../../infrastructure/notification.store';

/** SagaCompensationFailed → every admin known so far (from UserRegistered with role admin). */
@Injectable()
export class NotifyAdminsWhenCompensationFailedHandler implements MessageHandler<SagaCompensationFailedData> {
  private readonly logger = new Logger(NotifyAdminsWhenCompensationFailedHandler.name);
  readonly schema = SagaCompensationFailedSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, SagaCompensationFailedData>,
  ): Promise<void> {
    const admins = await adminIds(manager);
    if (admins.length === 0) {
      this.logger.error({
        message: 'compensation failed but no admin is known to notify',
        sagaId: data.sagaId,
        step: data.step,
      });
      return;
    }
    await storeNotifications(manager, compensationFailed(data, admins), metadata);
  }
}
