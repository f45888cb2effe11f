import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { WalletErrors } from '../../domain/wallet.errors';
import { WalletAccountEntity } from '../../infrastructure/wallet-account.entity';
import { GetWalletQuery, WalletView } from './get-wallet.query';

@QueryHandler(GetWalletQuery)
export class GetWalletHandler implements IQueryHandler<GetWalletQuery, WalletView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ userId }: GetWalletQuery): Promise<WalletView> {
    const account = await this.dataSource.getRepository(WalletAccountEntity).findOneBy({ userId });
    if (!account) throw WalletErrors.notFound(userId);
    const balance = Number(account.balance);
    const held = Number(account.held);
    return { userId, currency: account.currency, balance, held, spendable: balance - held };
  }
}
