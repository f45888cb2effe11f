import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { WalletErrors } from '../../domain/wallet.errors';
import { LinkedAddressRepository } from '../../infrastructure/linked-address.repository';
import { WalletAccountEntity } from '../../infrastructure/wallet-account.entity';
import { AddressList, ListAddressesQuery } from './list-addresses.query';

@QueryHandler(ListAddressesQuery)
export class ListAddressesHandler implements IQueryHandler<ListAddressesQuery, AddressList> {
  constructor(private readonly dataSource: DataSource) {}

  /** Oldest link first; 404 when the user has no wallet. */
  async execute({ userId }: ListAddressesQuery): Promise<AddressList> {
    const exists = await this.dataSource.getRepository(WalletAccountEntity).existsBy({ userId });
    if (!exists) throw WalletErrors.notFound(userId);
    const addresses = await LinkedAddressRepository.addressesOf(this.dataSource.manager, userId);
    return { items: addresses.map((a) => ({ address: a.address, verifiedAt: a.verifiedAt.toISOString() })) };
  }
}
