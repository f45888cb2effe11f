import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { LedgerReconciliationHttpController } from './ledger-reconciliation.http.controller';
import { ReconciliationHttpController } from './reconciliation.http.controller';
import { SagasHttpController } from './sagas.http.controller';

@Module({
  imports: [AuthModule, UpstreamModule],
  controllers: [SagasHttpController, ReconciliationHttpController, LedgerReconciliationHttpController],
})
export class AdminProxyModule {}
