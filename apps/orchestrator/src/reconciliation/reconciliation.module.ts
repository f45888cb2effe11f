import { Module } from '@nestjs/common';
import { ReconciliationHttpController } from './api/reconciliation.http.controller';
import { PARTICIPANT_COMMAND_LOGS, SAGA_HISTORY } from './application/reconciliation.ports';
import { ReconciliationService } from './application/reconciliation.service';
import { HttpParticipantCommandLogs } from './infrastructure/participant-command-log.client';
import { SagaHistoryReader } from './infrastructure/saga-history.reader';

/** Reconciliation of saga histories with the participants' command logs (docs/orchestrator.md). */
@Module({
  controllers: [ReconciliationHttpController],
  providers: [
    ReconciliationService,
    { provide: SAGA_HISTORY, useClass: SagaHistoryReader },
    { provide: PARTICIPANT_COMMAND_LOGS, useClass: HttpParticipantCommandLogs },
  ],
})
export class ReconciliationModule {}
