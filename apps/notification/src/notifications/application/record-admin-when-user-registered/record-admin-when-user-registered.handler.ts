import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, UserRegisteredData, UserRegisteredSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { recordAdmin } from '../../infrastructure/admin.store';

/** UserRegistered with role admin → remembered as an admin (to be told about failed compensations). */
@Injectable()
export class RecordAdminWhenUserRegisteredHandler implements MessageHandler<UserRegisteredData> {
  readonly schema = UserRegisteredSchema;

  async handle(manager: EntityManager, { data }: Envelope<string, UserRegisteredData>): Promise<void> {
    if (!data.roles.includes('admin')) return;
    await recordAdmin(manager, { userId: data.userId, email: data.email, displayName: data.displayName });
  }
}
