import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, SagaCompensationFailedData, SagaCompensationFailedSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { compensationFailed } from '../../domain/drafts';
import { notifyAdmins } from '../../infrastructure/admin.store';

/** SagaCompensationFailed → every admin known so far (from UserRegistered with role admin). */
@Injectable()
export class NotifyAdminsWhenCompensationFailedHandler implements MessageHandler<SagaCompensationFailedData> {
  private readonly logger = new Logger(NotifyAdminsWhenCompensationFailedHandler.name);
  readonly schema = SagaCompensationFailedSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, SagaCompensationFailedData>,
  ): Promise<void> {
    const told = await notifyAdmins(manager, (admins) => compensationFailed(data, admins), metadata);
    if (!told)
      this.logger.error({
        message: 'compensation failed but no admin is known to notify',
        sagaId: data.sagaId,
        step: data.step,
      });
  }
}
