import { DataSource, DataSourceOptions } from 'typeorm';
import { postgresOptions } from '@app/common';
import { OUTBOX_ENTITIES } from '@app/outbox';
import { AddressChallengeEntity } from '../wallet/infrastructure/address-challenge.entity';
import { CaptureEntity } from '../wallet/infrastructure/capture.entity';
import { DepositEntity } from '../wallet/infrastructure/deposit.entity';
import { EscrowSettlementEntity } from '../wallet/infrastructure/escrow-settlement.entity';
import { HoldEntity } from '../wallet/infrastructure/hold.entity';
import { LedgerEntryEntity } from '../wallet/infrastructure/ledger-entry.entity';
import { LedgerPostingEntity } from '../wallet/infrastructure/ledger-posting.entity';
import { LinkedAddressEntity } from '../wallet/infrastructure/linked-address.entity';
import { WalletAccountEntity } from '../wallet/infrastructure/wallet-account.entity';
import { InitWallet1732300000000 } from './migrations/1732300000000-init-wallet';
import { WalletHolds1732300000200 } from './migrations/1732300000200-wallet-holds';
import { WalletCrypto1732300000300 } from './migrations/1732300000300-wallet-crypto';
import { WalletLedger1732300000400 } from './migrations/1732300000400-wallet-ledger';
import { WalletChainDeposits1732300000500 } from './migrations/1732300000500-wallet-chain-deposits';
import { WalletWithdrawals1732300000650 } from './migrations/1732300000650-wallet-withdrawals';

export function walletDataSourceOptions(): DataSourceOptions {
  return postgresOptions('wallet', {
    entities: [
      WalletAccountEntity,
      DepositEntity,
      HoldEntity,
      CaptureEntity,
      AddressChallengeEntity,
      LinkedAddressEntity,
      LedgerEntryEntity,
      LedgerPostingEntity,
      EscrowSettlementEntity,
      ...OUTBOX_ENTITIES,
    ],
    migrations: [
      InitWallet1732300000000,
      WalletHolds1732300000200,
      WalletCrypto1732300000300,
      WalletLedger1732300000400,
      WalletChainDeposits1732300000500,
      WalletWithdrawals1732300000650,
    ],
  });
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(walletDataSourceOptions());
