import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaptureHoldHandler } from './application/capture-hold/capture-hold.handler';
import { GetWalletHandler } from './application/get-wallet/get-wallet.handler';
import { GetWalletHttpController } from './application/get-wallet/get-wallet.http.controller';
import { ListHoldsHandler } from './application/list-holds/list-holds.handler';
import { ListHoldsHttpController } from './application/list-holds/list-holds.http.controller';
import { OpenWalletHandler } from './application/open-wallet/open-wallet.handler';
import { OpenWalletHttpController } from './application/open-wallet/open-wallet.http.controller';
import { OpenWalletWhenUserRegisteredHandler } from './application/open-wallet-when-user-registered/open-wallet-when-user-registered.handler';
import { PlaceHoldHandler } from './application/place-hold/place-hold.handler';
import { ReleaseHoldHandler } from './application/release-hold/release-hold.handler';
import { TopUpHandler } from './application/top-up/top-up.handler';
import { TopUpHttpController } from './application/top-up/top-up.http.controller';
import { WalletCommandsConsumer } from './infrastructure/wallet-commands.consumer';
import { WalletEventsConsumer } from './infrastructure/wallet-events.consumer';

const handlers = [TopUpHandler, OpenWalletHandler, GetWalletHandler, ListHoldsHandler];
const participantHandlers = [PlaceHoldHandler, ReleaseHoldHandler, CaptureHoldHandler];
const eventHandlers = [OpenWalletWhenUserRegisteredHandler];

@Module({
  imports: [CqrsModule],
  controllers: [OpenWalletHttpController, TopUpHttpController, GetWalletHttpController, ListHoldsHttpController],
  providers: [...handlers, ...participantHandlers, ...eventHandlers, WalletCommandsConsumer, WalletEventsConsumer],
})
export class WalletModule {}
