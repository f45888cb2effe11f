import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { WalletHttpController } from './wallet.http.controller';

/** Proxies the caller's own wallet to the wallet service. */
@Module({ imports: [AuthModule, UpstreamModule], controllers: [WalletHttpController] })
export class WalletProxyModule {}
