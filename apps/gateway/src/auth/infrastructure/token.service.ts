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

/** How many verified tokens the gateway remembers (each request of a signed-in user carries one). */
const VERIFIED_CACHE_SIZE = 20_000;

/**
 * Signs and verifies HS256 access tokens carrying `sub` and `roles`. A token that verified is
 * remembered until it expires (at most VERIFIED_CACHE_SIZE, oldest forgotten first): jsonwebtoken
 * imports the key on every call, which was the gateway's largest CPU cost per bid. Tokens are never
 * revoked before they expire, so a remembered answer is the answer verification would give.
 */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;
  private readonly verified = new Map<string, { user: AuthUser; expiresAt: number }>();

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
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAt) return known.user;
      this.verified.delete(token);
    }
    const user = await this.verifyOnce(token);
    if (user) this.remember(token, user.user, user.expiresAt);
    return user?.user;
  }

  private remember(token: string, user: AuthUser, expiresAt: number): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { user, expiresAt });
  }

  private async verifyOnce(token: string): Promise<{ user: AuthUser; expiresAt: number } | undefined> {
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync<Claims>(token);
    } catch {
      return undefined;
    }
    if (typeof payload !== 'object' || payload === null) return undefined;
    const { sub, roles, exp } = payload as Partial<Claims> & { exp?: number };
    if (
      typeof sub !== 'string' ||
      sub === '' ||
      !Array.isArray(roles) ||
      roles.length === 0 ||
      !roles.every(isRole)
    ) {
      return undefined;
    }
    // A token without `exp` (ours always have one) is verified again after a minute.
    return {
      user: { userId: sub, roles },
      expiresAt: typeof exp === 'number' ? exp * 1000 : Date.now() + 60_000,
    };
  }
}
