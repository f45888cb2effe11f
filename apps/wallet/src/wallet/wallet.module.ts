import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetWalletHandler } from './application/get-wallet/get-wallet.handler';
import { GetWalletHttpController } from './application/get-wallet/get-wallet.http.controller';
import { OpenWalletHandler } from './application/open-wallet/open-wallet.handler';
import { OpenWalletHttpController } from './application/open-wallet/open-wallet.http.controller';
import { TopUpHandler } from './application/top-up/top-up.handler';
import { TopUpHttpController } from './application/top-up/top-up.http.controller';

const handlers = [TopUpHandler, OpenWalletHandler, GetWalletHandler];

@Module({
  imports: [CqrsModule],
  controllers: [OpenWalletHttpController, TopUpHttpController, GetWalletHttpController],
  providers: [...handlers],
})
export class WalletModule {}
