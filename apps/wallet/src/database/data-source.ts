import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfig } from '@app/common';
import { OUTBOX_ENTITIES } from '@app/outbox';
import { DepositEntity } from '../wallet/infrastructure/deposit.entity';
import { WalletAccountEntity } from '../wallet/infrastructure/wallet-account.entity';
import { InitWallet1732300000000 } from './migrations/1732300000000-init-wallet';

export function walletDataSourceOptions(): DataSourceOptions {
  const db = databaseConfig('wallet');
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    entities: [WalletAccountEntity, DepositEntity, ...OUTBOX_ENTITIES],
    migrations: [InitWallet1732300000000],
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { max: db.poolSize },
  };
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(walletDataSourceOptions());
