import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { httpError } from '../../shared/http-error';
import { LoginRateLimiter } from '../domain/login-rate-limiter';
import { normalizeEmail } from '../domain/user';

export const LOGIN_RATE_LIMITER = Symbol('LOGIN_RATE_LIMITER');

/** Limits login attempts per client IP + email: 429 AUTH.RATE_LIMITED with Retry-After beyond the limit. */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  constructor(@Inject(LOGIN_RATE_LIMITER) private readonly limiter: LoginRateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const body: unknown = req.body;
    const rawEmail =
      typeof body === 'object' && body !== null ? (body as { email?: unknown }).email : undefined;
    const email = typeof rawEmail === 'string' ? normalizeEmail(rawEmail) : '';
    const decision = this.limiter.attempt(
      `${req.ip ?? req.socket.remoteAddress ?? '?'}|${email}`,
      Date.now(),
    );
    if (decision.allowed) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(decision.retryAfterS));
    throw httpError(429, 'AUTH.RATE_LIMITED', `Too many login attempts; retry in ${decision.retryAfterS} s`);
  }
}
