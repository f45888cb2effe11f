import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfig } from '@app/common';
import { OUTBOX_ENTITIES } from '@app/outbox';
import { UserEntity } from '../auth/infrastructure/user.entity';
import { InitGateway1732500000000 } from './migrations/1732500000000-init-gateway';

export function gatewayDataSourceOptions(): DataSourceOptions {
  const db = databaseConfig('gateway');
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    entities: [UserEntity, ...OUTBOX_ENTITIES],
    migrations: [InitGateway1732500000000],
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { max: db.poolSize },
  };
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(gatewayDataSourceOptions());
