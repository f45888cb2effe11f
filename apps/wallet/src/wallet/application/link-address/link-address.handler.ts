import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { getAddress, verifyMessage } from 'ethers';
import { DataSource, EntityManager } from 'typeorm';
import { decideLink, normalizeAddress, sameAddress } from '../../domain/linked-address';
import { WalletErrors } from '../../domain/wallet.errors';
import { LinkedAddressRepository } from '../../infrastructure/linked-address.repository';
import { LinkAddressCommand, LinkAddressResult } from './link-address.command';

/** True when `signature` over `message` (EIP-191) recovers `address`. */
function recovers(message: string, signature: string, address: string): boolean {
  try {
    return sameAddress(verifyMessage(message, signature), address);
  } catch {
    return false;
  }
}

/**
 * Links an address whose owner signed one of the user's challenges: the challenge is consumed and the
 * link written in one transaction (challenges and the address row are locked, so a nonce is used once
 * and an address is linked to one user).
 */
@CommandHandler(LinkAddressCommand)
export class LinkAddressHandler implements ICommandHandler<LinkAddressCommand, LinkAddressResult> {
  constructor(private readonly dataSource: DataSource) {}

  execute(command: LinkAddressCommand): Promise<LinkAddressResult> {
    return this.dataSource.transaction(async (manager) => {
      const { userId } = command;
      const address = normalizeAddress(command.address);
      const exists: unknown[] = await manager.query(`SELECT 1 FROM wallet_accounts WHERE user_id = $1`, [
        userId,
      ]);
      if (exists.length === 0) throw WalletErrors.notFound(userId);
      const challenges = await LinkedAddressRepository.lockChallenges(manager, userId, command.nonce);
      if (command.nonce && challenges.length === 0)
        throw WalletErrors.linkRejected('WALLET.CHALLENGE_EXPIRED', 'no such challenge');
      const signed = challenges.find((c) => recovers(c.message, command.signature, address));
      const now = new Date();
      const owner = await LinkedAddressRepository.ownerOf(manager, address);
      const decision = decideLink(signed, userId, owner?.userId, now);
      if (decision.kind === 'rejected') throw WalletErrors.linkRejected(decision.code, decision.reason);
      await LinkedAddressRepository.markUsed(manager, decision.challenge.nonce, now);
      if (decision.kind === 'alreadyLinked' && owner)
        return { address: getAddress(address), verifiedAt: owner.verifiedAt.toISOString(), created: false };
      return this.link(manager, userId, address, decision.challenge.nonce, now);
    });
  }

  private async link(
    manager: EntityManager,
    userId: string,
    address: string,
    nonce: string,
    now: Date,
  ): Promise<LinkAddressResult> {
    const displayAddress = getAddress(address);
    if (
      await LinkedAddressRepository.insertLink(manager, {
        address,
        displayAddress,
        userId,
        nonce,
        verifiedAt: now,
      })
    ) {
      return { address: displayAddress, verifiedAt: now.toISOString(), created: true };
    }
    // Another transaction linked it meanwhile: to this user is a replay, to another user a conflict.
    const winner = await LinkedAddressRepository.ownerOf(manager, address);
    if (winner?.userId !== userId)
      throw WalletErrors.linkRejected('WALLET.ADDRESS_TAKEN', 'the address is linked to another user');
    return { address: displayAddress, verifiedAt: winner.verifiedAt.toISOString(), created: false };
  }
}
