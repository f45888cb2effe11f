import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { WALLET_CURRENCY } from '../../infrastructure/ledger.config';
import { WalletErrors } from '../../domain/wallet.errors';
import { OpenWalletCommand } from './open-wallet.command';

@CommandHandler(OpenWalletCommand)
export class OpenWalletHandler implements ICommandHandler<OpenWalletCommand, void> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ userId }: OpenWalletCommand): Promise<void> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO wallet_accounts (user_id, currency, balance, held) VALUES ($1, $2, 0, 0)
       ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
      [userId, WALLET_CURRENCY],
    );
    if (inserted.length === 0) throw WalletErrors.alreadyExists(userId);
  }
}
