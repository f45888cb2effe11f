import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, UserRegisteredData, UserRegisteredSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { WALLET_CURRENCY } from '../../infrastructure/ledger.config';

/** UserRegistered → the user's wallet exists (an existing wallet, e.g. opened over HTTP, is left alone). */
@Injectable()
export class OpenWalletWhenUserRegisteredHandler implements MessageHandler<UserRegisteredData> {
  private readonly logger = new Logger(OpenWalletWhenUserRegisteredHandler.name);
  readonly schema = UserRegisteredSchema;

  async handle(manager: EntityManager, { data }: Envelope<string, UserRegisteredData>): Promise<void> {
    const opened: unknown[] = await manager.query(
      `INSERT INTO wallet_accounts (user_id, currency, balance, held) VALUES ($1, $2, 0, 0)
       ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
      [data.userId, WALLET_CURRENCY],
    );
    this.logger.log({
      message: opened.length > 0 ? 'wallet opened' : 'wallet already open',
      userId: data.userId,
    });
  }
}
