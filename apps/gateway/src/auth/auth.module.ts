import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { JwtAuthGuard } from './api/jwt-auth.guard';
import { LOGIN_RATE_LIMITER, LoginThrottleGuard } from './api/login-throttle.guard';
import { GetMeHandler } from './application/get-me/get-me.handler';
import { GetMeHttpController } from './application/get-me/get-me.http.controller';
import { LoginHandler } from './application/login/login.handler';
import { LoginHttpController } from './application/login/login.http.controller';
import { RegisterUserHandler } from './application/register-user/register-user.handler';
import { RegisterUserHttpController } from './application/register-user/register-user.http.controller';
import { SeedAdminService } from './application/seed-admin/seed-admin.service';
import { LoginRateLimiter } from './domain/login-rate-limiter';
import { PasswordHasher } from './infrastructure/password-hasher';
import { PgLoginAttemptCounter } from './infrastructure/pg-login-attempt-counter';
import { TokenService } from './infrastructure/token.service';

const handlers = [RegisterUserHandler, LoginHandler, GetMeHandler];

/** Users, registration, login and the guards every other module uses (`@Authenticated`, `@Roles`). */
@Module({
  imports: [CqrsModule],
  controllers: [RegisterUserHttpController, LoginHttpController, GetMeHttpController],
  providers: [
    ...handlers,
    PasswordHasher,
    TokenService,
    JwtAuthGuard,
    LoginThrottleGuard,
    SeedAdminService,
    {
      provide: LOGIN_RATE_LIMITER,
      inject: [GATEWAY_CONFIG, DataSource],
      useFactory: (config: GatewayConfig, dataSource: DataSource) => {
        const { max, windowMs, store } = config.loginRateLimit;
        return store === 'memory'
          ? new LoginRateLimiter(max, windowMs)
          : new PgLoginAttemptCounter(dataSource, max, windowMs);
      },
    },
  ],
  exports: [TokenService, JwtAuthGuard],
})
export class AuthModule {}
