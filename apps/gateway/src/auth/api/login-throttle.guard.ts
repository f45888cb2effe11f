import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { httpError } from '../../shared/http-error';
import { LoginAttemptCounter, loginThrottleKey } from '../domain/login-rate-limiter';
import { normalizeEmail } from '../domain/user';

export const LOGIN_RATE_LIMITER = Symbol('LOGIN_RATE_LIMITER');

/**
 * Limits login attempts per client IP + email (loginThrottleKey): 429 AUTH.RATE_LIMITED with
 * Retry-After beyond the limit.
 * The counter is shared by every gateway replica (PostgreSQL) unless GAVEL_LOGIN_RATE_STORE=memory.
 */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  constructor(@Inject(LOGIN_RATE_LIMITER) private readonly limiter: LoginAttemptCounter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const body: unknown = req.body;
    const rawEmail =
      typeof body === 'object' && body !== null ? (body as { email?: unknown }).email : undefined;
    const email = typeof rawEmail === 'string' ? normalizeEmail(rawEmail) : '';
    // req.ip honours the app's `trust proxy` (GAVEL_TRUST_PROXY): the client behind the ingress
    const clientIp = req.ip ?? req.socket.remoteAddress ?? '?';
    const decision = await this.limiter.attempt(loginThrottleKey(clientIp, email), Date.now());
    if (decision.allowed) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(decision.retryAfterS));
    throw httpError(429, 'AUTH.RATE_LIMITED', `Too many login attempts; retry in ${decision.retryAfterS} s`);
  }
}
