import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/env';

/**
 * No secret is committed: every file git tracks is scanned for private keys, signing secrets, tokens
 * and password literals, and for the values of this checkout's real secrets (.gavel/secrets.env).
 */
interface Hit {
  file: string;
  line: number;
  rule: string;
  text: string;
}

const RULES: { rule: string; pattern: RegExp; where?: (file: string) => boolean }[] = [
  { rule: 'PEM private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/ },
  {
    rule: 'hex private key',
    pattern: /(?:priv(?:ate)?[_ -]?key|secret|signer)[^\n]{0,40}?\b(?:0x)?[0-9a-fA-F]{64}\b/i,
  },
  { rule: 'seed phrase', pattern: /mnemonic[^\n]{0,10}['"`](?:[a-z]+ ){11,23}[a-z]+['"`]/i },
  {
    rule: 'JWT/HMAC secret literal',
    pattern: /(?:jwt|signing|hmac)[_-]?secret\s*[:=]\s*['"`][^'"`\s{$]{8,}['"`]/i,
  },
  {
    rule: 'GAVEL_* secret value',
    // `NAME=value` (env files, shell) or `NAME: 'value'` (code); `NAME: secret-key-name` in Helm maps to a Secret.
    pattern:
      /GAVEL_(?:JWT_SECRET|ADMIN_PASSWORD|PG_PASSWORD|TELEGRAM_BOT_TOKEN|S3_SECRET_ACCESS_KEY|S3_ADMIN_SECRET_ACCESS_KEY)(?:\s*=\s*['"]?[A-Za-z0-9+/_-]{8,}|\s*:\s*['"][^'"$]{8,}['"])/,
    // In-process test gateways get made-up values; the real ones are checked by value below.
    where: (file) => !/^test\//.test(file),
  },
  { rule: 'signed JWT', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/ },
  { rule: 'Telegram bot token', pattern: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b/ },
  { rule: 'cloud access key', pattern: /\b(?:AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|YC[A-Za-z0-9_-]{38})\b/ },
  {
    rule: 'password literal',
    pattern: /password["']?\s*[:=]\s*['"`][^'"`\s{$<]{6,}['"`]/i,
    // Tests, Postman collections, k6 scripts and benchmarks create throwaway users on a local stack.
    where: (file) => !/^(test|postman|k6|bench)\/|\.(int-)?spec\.ts$/.test(file),
  },
];

/** Known, deliberate non-secrets, each with the reason it is safe. */
const ALLOWED: { file: RegExp; text: RegExp; reason: string }[] = [
  {
    file: /^scripts\/stack\/postgres\.sh$/,
    text: /PASSWORD :'password'/,
    reason: "a psql variable (:'password' is replaced, quoted, by the value passed with -v), not a literal",
  },
  {
    file: /^apps\/gateway\/src\/gateway\.config\.ts$/,
    text: /DEV_JWT_SECRET\x20= 'gavel-dev-only-jwt-secret-do-not-use-in-production'/,
    reason:
      'named development default; loadGatewayConfig refuses to start without GAVEL_JWT_SECRET when NODE_ENV=production',
  },
  {
    file: /^test\//,
    text: /(?:TEST_JWT_SECRET|secret) *[:=] *'[a-z-]*(?:test|other)[a-z0-9-]*'/i,
    reason: 'test fixtures: secrets of throwaway in-process gateways, never used by a deployment',
  },
  {
    file: /^(README\.md|docs\/.*\.md)$/,
    text: /"password":"correct-horse-[0-9]+"/,
    reason: 'documented walkthroughs register example users on a local stack',
  },
  {
    // the test vector, and this allow-list's own pattern for it
    file: /^(apps\/wallet\/src\/wallet\/infrastructure\/chain\/platform-keys\.spec\.ts|test\/security\/secrets\.int-spec\.ts)$/,
    text: /TEST_MNEMONIC = 'test test test test test test test test test test test junk'/,
    reason: 'the published development mnemonic (hardhat and foundry), a test vector for the derivation path',
  },
  {
    file: /./,
    text: /0x[0-9a-f]{64}/i,
    reason: "only when the file says it is ganache's published deterministic dev account (checked below)",
  },
];

const GANACHE_NOTE = /ganache/i;
const FORBIDDEN_FILES =
  /(^|\/)(\.env(\..*)?|secrets\.env|id_rsa|id_ed25519|.*\.pem|.*\.p12|.*\.key|\.gavel\/.*)$/;

/** Tracked files; with GAVEL_SECRETS_SCAN_UNTRACKED=1 also the not-ignored untracked ones (before a commit). */
function tracked(): string[] {
  const args =
    process.env.GAVEL_SECRETS_SCAN_UNTRACKED === '1'
      ? ['ls-files', '-z', '--cached', '--others', '--exclude-standard']
      : ['ls-files', '-z'];
  return execFileSync('git', args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 })
    .toString('utf8')
    .split('\0')
    .filter((f) => f && !f.endsWith('package-lock.json') && existsSync(path.join(ROOT, f)));
}

function readText(file: string): string | undefined {
  const buffer = readFileSync(path.join(ROOT, file));
  if (buffer.length > 5 * 1024 * 1024 || buffer.includes(0)) return undefined;
  return buffer.toString('utf8');
}

function allowed(hit: Hit, content: string): boolean {
  return ALLOWED.some((a) => {
    if (!a.file.test(hit.file) || !a.text.test(hit.text)) return false;
    return a.text.source.startsWith('0x')
      ? GANACHE_NOTE.test(content) && /deterministic|well-known/i.test(content)
      : true;
  });
}

function scan(): Hit[] {
  const hits: Hit[] = [];
  for (const file of tracked()) {
    const content = readText(file);
    if (content === undefined) continue;
    content.split('\n').forEach((text, i) => {
      for (const { rule, pattern, where } of RULES) {
        if (where && !where(file)) continue;
        if (!pattern.test(text)) continue;
        const hit = { file, line: i + 1, rule, text: text.trim().slice(0, 200) };
        if (!allowed(hit, content)) hits.push(hit);
      }
    });
  }
  return hits;
}

describe('no secrets in the repository (git ls-files)', () => {
  it('the scanner catches what it should (self-test on synthetic lines)', () => {
    // Assembled at run time, so this file does not trip the scan itself once it is tracked.
    const j = (...parts: string[]) => parts.join('');
    const samples = [
      j('-----BEGIN RSA ', 'PRIVATE KEY-----'),
      `const privateKey = '0x${'ab'.repeat(32)}';`,
      j('jwtSecret: ', "'Zq9v8RkL", "2xP4mN7b'"),
      j('GAVEL_JWT_SECRET', '=Zq9v8RkL2xP4mN7bQ1w2'),
      j('GAVEL_ADMIN_PASSWORD', ": 'Zq9v8RkL2xP4'"),
      `token ${'eyJhbGciOiJIUzI1NiJ9'}.${'eyJzdWIiOiIxMjM0NTY3ODkwIn0'}.${'x'.repeat(43)}`,
      j('adminPassword: ', "'hunter2", "hunter2'"),
    ];
    for (const sample of samples) expect(RULES.some((r) => r.pattern.test(sample))).toBe(true);
    for (const harmless of [
      "password: process.env.GAVEL_ADMIN_PASSWORD ?? ''",
      'GAVEL_JWT_SECRET: jwt-secret',
      'GAVEL_JWT_SECRET="${GAVEL_JWT_SECRET:-}"',
    ])
      expect(RULES.filter((r) => r.pattern.test(harmless)).map((r) => r.rule)).toEqual([]);
  });

  it('no tracked file holds a private key, a signing secret, a token or a password literal', () => {
    const hits = scan();
    expect(hits.map((h) => `${h.file}:${h.line} [${h.rule}] ${h.text}`)).toEqual([]);
  });

  it('no secret-bearing file (.env, secrets.env, keys, .gavel/) is tracked', () => {
    expect(tracked().filter((f) => FORBIDDEN_FILES.test(f))).toEqual([]);
  });

  it("this checkout's real secrets (.gavel/secrets.env, the chain key) appear in no tracked file", () => {
    const env = path.join(ROOT, '.gavel/secrets.env');
    const values = existsSync(env)
      ? readFileSync(env, 'utf8')
          .split('\n')
          .filter((l) => /^[A-Z_]*(SECRET|PASSWORD|TOKEN|KEY)[A-Z_]*=/.test(l))
          .map((l) => l.split('=').slice(1).join('=').trim())
          .filter((v) => v.length >= 8)
      : [];
    // the platform's chain mnemonic, generated by scripts/secrets.sh
    const mnemonic = path.join(ROOT, '.gavel/secrets/chain-mnemonic');
    if (existsSync(mnemonic)) {
      const phrase = readFileSync(mnemonic, 'utf8').trim();
      if (phrase.length >= 8) values.push(phrase);
    }
    const leaks: string[] = [];
    for (const file of tracked()) {
      const content = readText(file);
      if (content !== undefined) for (const v of values) if (content.includes(v)) leaks.push(file);
    }
    expect(leaks).toEqual([]);
  });
});
