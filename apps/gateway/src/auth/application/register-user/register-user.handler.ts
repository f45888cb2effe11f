import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Topics, UserRegistered } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';
import { AuthErrors } from '../../domain/auth.errors';
import { normalizeEmail } from '../../domain/user';
import { PasswordHasher } from '../../infrastructure/password-hasher';
import { RegisteredUser, RegisterUserCommand } from './register-user.command';

/** Creates the user and records UserRegistered in the outbox, in one transaction. */
@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand, RegisteredUser> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(command: RegisterUserCommand): Promise<RegisteredUser> {
    const email = normalizeEmail(command.email);
    const displayName = command.displayName.trim();
    const passwordHash = await this.hasher.hash(command.password);
    const userId = randomUUID();
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO users (id, email, display_name, password_hash, roles) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [userId, email, displayName, passwordHash, command.roles],
      );
      if (inserted.length === 0) throw AuthErrors.emailTaken();
      const event: UserRegistered = {
        type: 'UserRegistered',
        data: { userId, email, displayName, roles: command.roles },
      };
      await appendToOutbox(manager, [{ topic: Topics.userEvents, key: userId, ...event }]);
      return { userId, email, roles: command.roles };
    });
  }
}
