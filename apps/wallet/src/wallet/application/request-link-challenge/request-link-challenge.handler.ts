import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { intEnv } from '@app/common';
import { CHALLENGE_TTL_MS, newChallenge } from '../../domain/linked-address';
import { WalletErrors } from '../../domain/wallet.errors';
import { LinkedAddressRepository } from '../../infrastructure/linked-address.repository';
import { LinkChallengeView, RequestLinkChallengeCommand } from './request-link-challenge.command';

/** Issues a single-use challenge (10 minutes; GAVEL_ADDRESS_CHALLENGE_TTL_MS overrides, read per call). */
@CommandHandler(RequestLinkChallengeCommand)
export class RequestLinkChallengeHandler implements ICommandHandler<
  RequestLinkChallengeCommand,
  LinkChallengeView
> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ userId }: RequestLinkChallengeCommand): Promise<LinkChallengeView> {
    const ttlMs = intEnv('GAVEL_ADDRESS_CHALLENGE_TTL_MS', CHALLENGE_TTL_MS);
    const challenge = newChallenge(userId, randomBytes(16).toString('hex'), new Date(), ttlMs);
    await this.dataSource.transaction(async (manager) => {
      const exists: unknown[] = await manager.query(`SELECT 1 FROM wallet_accounts WHERE user_id = $1`, [
        userId,
      ]);
      if (exists.length === 0) throw WalletErrors.notFound(userId);
      await LinkedAddressRepository.insertChallenge(manager, challenge);
    });
    return {
      nonce: challenge.nonce,
      message: challenge.message,
      expiresAt: challenge.expiresAt.toISOString(),
    };
  }
}
