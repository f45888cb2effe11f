import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { UserRole } from '@app/contracts';
import { GATEWAY_CONFIG, GatewayConfig } from '../../gateway.config';
import { AuthUser, isRole } from '../domain/user';

export interface AccessToken {
  accessToken: string;
  expiresIn: number;
}

interface Claims {
  sub: string;
  roles: UserRole[];
}

/** Signs and verifies HS256 access tokens carrying `sub` and `roles`. */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    this.jwt = new JwtService({
      secret: config.jwtSecret,
      signOptions: { algorithm: 'HS256', expiresIn: config.jwtTtlSeconds },
      verifyOptions: { algorithms: ['HS256'] },
    });
  }

  async issue(user: AuthUser): Promise<AccessToken> {
    const claims: Claims = { sub: user.userId, roles: user.roles };
    return { accessToken: await this.jwt.signAsync(claims), expiresIn: this.config.jwtTtlSeconds };
  }

  /** The caller, or undefined for an expired, tampered or malformed token. */
  async verify(token: string): Promise<AuthUser | undefined> {
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync<Claims>(token);
    } catch {
      return undefined;
    }
    if (typeof payload !== 'object' || payload === null) return undefined;
    const { sub, roles } = payload as Partial<Claims>;
    if (
      typeof sub !== 'string' ||
      sub === '' ||
      !Array.isArray(roles) ||
      roles.length === 0 ||
      !roles.every(isRole)
    ) {
      return undefined;
    }
    return { userId: sub, roles };
  }
}
