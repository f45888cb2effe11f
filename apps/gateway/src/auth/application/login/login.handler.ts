import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { httpError } from '../../../shared/http-error';
import { normalizeEmail } from '../../domain/user';
import { PasswordHasher } from '../../infrastructure/password-hasher';
import { AccessToken, TokenService } from '../../infrastructure/token.service';
import { UserEntity } from '../../infrastructure/user.entity';
import { LoginCommand } from './login.command';

const invalidCredentials = () => httpError(401, 'AUTH.INVALID_CREDENTIALS', 'Invalid email or password');

/** Checks the password and issues an access token; an unknown email gets the same answer and latency. */
@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand, AccessToken> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
  ) {}

  async execute({ email, password }: LoginCommand): Promise<AccessToken> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email: normalizeEmail(email) });
    const valid = user
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyAgainstDummy(password);
    if (!user || !valid) throw invalidCredentials();
    return this.tokens.issue({ userId: user.id, roles: user.roles });
  }
}
