import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { RequestWithdrawal } from './request-withdrawal';
import { WalletHttpController } from './wallet.http.controller';
import { WithdrawalsHttpController } from './withdrawals.http.controller';

/** Proxies the caller's own wallet to the wallet service; starts withdrawals at the orchestrator. */
@Module({
  imports: [AuthModule, UpstreamModule],
  controllers: [WithdrawalsHttpController, WalletHttpController],
  providers: [RequestWithdrawal],
})
export class WalletProxyModule {}
