import { DataSource, DataSourceOptions } from 'typeorm';
import { postgresOptions } from '@app/common';
import { OUTBOX_ENTITIES } from '@app/outbox';
import { UserEntity } from '../auth/infrastructure/user.entity';
import { InitGateway1732500000000 } from './migrations/1732500000000-init-gateway';
import { LoginAttempts1764600000000 } from './migrations/1764600000000-login-attempts';

export function gatewayDataSourceOptions(): DataSourceOptions {
  return postgresOptions('gateway', {
    entities: [UserEntity, ...OUTBOX_ENTITIES],
    migrations: [InitGateway1732500000000, LoginAttempts1764600000000],
  });
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(gatewayDataSourceOptions());
