import { decideAttempt, LoginRateLimiter, loginThrottleKey } from './login-rate-limiter';

describe('LoginRateLimiter', () => {
  it('allows max attempts per window, then refuses with the seconds left', () => {
    const limiter = new LoginRateLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect([0, 1, 2].map((i) => limiter.attempt('ip|a@x', t0 + i).allowed)).toEqual([true, true, true]);
    expect(limiter.attempt('ip|a@x', t0 + 10_000)).toEqual({ allowed: false, retryAfterS: 50 });
    expect(limiter.attempt('ip|b@x', t0 + 10_000).allowed).toBe(true);
  });

  it('opens a new window once the old one has passed', () => {
    const limiter = new LoginRateLimiter(1, 1000);
    expect(limiter.attempt('k', 0).allowed).toBe(true);
    expect(limiter.attempt('k', 999).allowed).toBe(false);
    expect(limiter.attempt('k', 1000).allowed).toBe(true);
  });

  it('sweeps expired windows so memory stays bounded', () => {
    const limiter = new LoginRateLimiter(5, 1000, 3);
    ['a', 'b', 'c'].forEach((k) => limiter.attempt(k, 0));
    limiter.attempt('d', 5000);
    expect(limiter.size).toBe(1);
  });
});

describe('decideAttempt (the shared PostgreSQL counter’s decision)', () => {
  it('allows up to max attempts of a window, then refuses until it ends', () => {
    expect(decideAttempt(3, 0, 3, 60_000, 1_000)).toEqual({ allowed: true, retryAfterS: 0 });
    expect(decideAttempt(4, 0, 3, 60_000, 1_000)).toEqual({ allowed: false, retryAfterS: 59 });
    expect(decideAttempt(9, 0, 3, 60_000, 59_999)).toEqual({ allowed: false, retryAfterS: 1 });
  });
});

describe('loginThrottleKey', () => {
  it('keys on the client address and the email together', () => {
    expect(loginThrottleKey('203.0.113.9', 'ada@example.com')).toBe('203.0.113.9|ada@example.com');
    expect(loginThrottleKey('203.0.113.9', 'ada@example.com')).not.toBe(
      loginThrottleKey('198.51.100.1', 'ada@example.com'),
    );
    expect(loginThrottleKey('2001:db8::1', 'ada@example.com')).toBe('2001:db8::1|ada@example.com');
  });

  it('counts an IPv4 address in IPv6 form as the IPv4 one', () => {
    expect(loginThrottleKey('::ffff:10.1.2.3', 'a@x')).toBe(loginThrottleKey('10.1.2.3', 'a@x'));
    expect(loginThrottleKey('::ffff:abcd', 'a@x')).toBe('::ffff:abcd|a@x');
  });
});
