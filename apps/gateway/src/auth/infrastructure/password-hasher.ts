import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/** argon2id password hashes (PHC strings with their own salt and parameters). */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real check, so an unknown email is not told apart by latency. */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummy ??= this.hash('gavel-dummy-password-for-timing');
    await this.verify(await this.dummy, password);
    return false;
  }
}
