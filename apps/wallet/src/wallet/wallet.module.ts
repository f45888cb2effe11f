import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaptureHoldHandler } from './application/capture-hold/capture-hold.handler';
import { ConfirmHoldHandler } from './application/confirm-hold/confirm-hold.handler';
import { GetDepositAddressHandler } from './application/get-deposit-address/get-deposit-address.handler';
import { GetDepositAddressHttpController } from './application/get-deposit-address/get-deposit-address.http.controller';
import { ListChainDepositsHandler } from './application/list-chain-deposits/list-chain-deposits.handler';
import { ListChainDepositsHttpController } from './application/list-chain-deposits/list-chain-deposits.http.controller';
import { ChainDepositWatcher } from './application/watch-chain-deposits/chain-deposit-watcher.service';
import { GetWalletHandler } from './application/get-wallet/get-wallet.handler';
import { GetWalletHttpController } from './application/get-wallet/get-wallet.http.controller';
import { LinkAddressHandler } from './application/link-address/link-address.handler';
import { LinkAddressHttpController } from './application/link-address/link-address.http.controller';
import { ListAddressesHandler } from './application/list-addresses/list-addresses.handler';
import { ListAddressesHttpController } from './application/list-addresses/list-addresses.http.controller';
import { ListHoldsHandler } from './application/list-holds/list-holds.handler';
import { ListHoldsHttpController } from './application/list-holds/list-holds.http.controller';
import { ListLedgerHandler } from './application/list-ledger/list-ledger.handler';
import { ListLedgerHttpController } from './application/list-ledger/list-ledger.http.controller';
import { OnChainValue } from './application/on-chain-value/on-chain-value.service';
import { OpenWalletHandler } from './application/open-wallet/open-wallet.handler';
import { OpenWalletHttpController } from './application/open-wallet/open-wallet.http.controller';
import { OpenWalletWhenUserRegisteredHandler } from './application/open-wallet-when-user-registered/open-wallet-when-user-registered.handler';
import { PlaceHoldHandler } from './application/place-hold/place-hold.handler';
import { ReconcileLedgerHttpController } from './application/reconcile-ledger/reconcile-ledger.http.controller';
import { RefundEscrowHandler } from './application/refund-escrow/refund-escrow.handler';
import { ReleaseEscrowToSellerHandler } from './application/release-escrow-to-seller/release-escrow-to-seller.handler';
import { ReleaseHoldHandler } from './application/release-hold/release-hold.handler';
import { RequestLinkChallengeHandler } from './application/request-link-challenge/request-link-challenge.handler';
import { RequestLinkChallengeHttpController } from './application/request-link-challenge/request-link-challenge.http.controller';
import { ReverseEscrowReleaseHandler } from './application/reverse-escrow-release/reverse-escrow-release.handler';
import { ReverseSettlementHandler } from './application/reverse-settlement/reverse-settlement.handler';
import { SettleOrderHandler } from './application/settle-order/settle-order.handler';
import { TopUpHandler } from './application/top-up/top-up.handler';
import { TopUpHttpController } from './application/top-up/top-up.http.controller';
import { ConfirmWithdrawalHandler } from './application/confirm-withdrawal/confirm-withdrawal.handler';
import { HoldWithdrawalHandler } from './application/hold-withdrawal/hold-withdrawal.handler';
import {
  GetWithdrawalHandler,
  ListWithdrawalsHandler,
} from './application/list-withdrawals/list-withdrawals.handler';
import { ListWithdrawalsHttpController } from './application/list-withdrawals/list-withdrawals.http.controller';
import { ReleaseWithdrawalHandler } from './application/release-withdrawal/release-withdrawal.handler';
import { SendWithdrawalHandler } from './application/send-withdrawal/send-withdrawal.handler';
import { SettleWithdrawalHandler } from './application/settle-withdrawal/settle-withdrawal.handler';
import { WithdrawalTransactions } from './application/withdrawal-transactions.service';
import { chainProviders } from './infrastructure/chain-balance.provider';
import { chainTransferProvider } from './infrastructure/chain/chain-transfer.provider';
import { HotWalletDevFunding } from './infrastructure/chain/hot-wallet-dev-funding';
import { ledgerConfigProvider } from './infrastructure/ledger.config';
import {
  EscrowHandlers,
  WalletCommandsConsumer,
  WithdrawalHandlers,
} from './infrastructure/wallet-commands.consumer';
import { WalletEventsConsumer } from './infrastructure/wallet-events.consumer';

const handlers = [
  TopUpHandler,
  OpenWalletHandler,
  GetWalletHandler,
  ListHoldsHandler,
  ListLedgerHandler,
  RequestLinkChallengeHandler,
  LinkAddressHandler,
  ListAddressesHandler,
  ListWithdrawalsHandler,
  GetWithdrawalHandler,
  GetDepositAddressHandler,
  ListChainDepositsHandler,
];
const participantHandlers = [
  PlaceHoldHandler,
  ReleaseHoldHandler,
  CaptureHoldHandler,
  ConfirmHoldHandler,
  ReleaseEscrowToSellerHandler,
  ReverseEscrowReleaseHandler,
  RefundEscrowHandler,
  SettleOrderHandler,
  ReverseSettlementHandler,
  HoldWithdrawalHandler,
  ReleaseWithdrawalHandler,
  SendWithdrawalHandler,
  ConfirmWithdrawalHandler,
  SettleWithdrawalHandler,
];
const eventHandlers = [OpenWalletWhenUserRegisteredHandler];

@Module({
  imports: [CqrsModule],
  controllers: [
    OpenWalletHttpController,
    TopUpHttpController,
    GetWalletHttpController,
    ListHoldsHttpController,
    ListLedgerHttpController,
    RequestLinkChallengeHttpController,
    LinkAddressHttpController,
    ListAddressesHttpController,
    ReconcileLedgerHttpController,
    ListWithdrawalsHttpController,
    GetDepositAddressHttpController,
    ListChainDepositsHttpController,
  ],
  providers: [
    ...handlers,
    ...participantHandlers,
    ...eventHandlers,
    ...chainProviders,
    chainTransferProvider,
    WithdrawalTransactions,
    HotWalletDevFunding,
    ledgerConfigProvider,
    OnChainValue,
    WithdrawalHandlers,
    EscrowHandlers,
    WalletCommandsConsumer,
    WalletEventsConsumer,
    ChainDepositWatcher,
  ],
})
export class WalletModule {}
