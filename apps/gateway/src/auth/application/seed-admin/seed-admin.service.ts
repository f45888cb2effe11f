import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Topics, UserRegistered } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';
import { GATEWAY_CONFIG, GatewayConfig } from '../../../gateway.config';
import { normalizeEmail } from '../../domain/user';
import { PasswordHasher } from '../../infrastructure/password-hasher';

/**
 * Creates the operator's admin account from GAVEL_ADMIN_EMAIL / GAVEL_ADMIN_PASSWORD on start,
 * once: an existing account with that email is left as it is.
 */
@Injectable()
export class SeedAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SeedAdminService.name);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.admin) return;
    const email = normalizeEmail(this.config.admin.email);
    const passwordHash = await this.hasher.hash(this.config.admin.password);
    const userId = randomUUID();
    const created = await this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO users (id, email, display_name, password_hash, roles) VALUES ($1, $2, 'Administrator', $3, $4)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [userId, email, passwordHash, ['admin']],
      );
      if (inserted.length === 0) return false;
      const event: UserRegistered = {
        type: 'UserRegistered',
        data: { userId, email, displayName: 'Administrator', roles: ['admin'] },
      };
      await appendToOutbox(manager, [{ topic: Topics.userEvents, key: userId, ...event }]);
      return true;
    });
    this.logger.log(created ? `seeded admin ${email}` : `admin ${email} already exists; left unchanged`);
  }
}
