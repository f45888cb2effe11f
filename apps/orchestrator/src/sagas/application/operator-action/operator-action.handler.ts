import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { SagaInput } from '@app/saga';
import { SagaErrors } from '../../domain/saga.errors';
import { currentStep } from '../../domain/saga-step';
import { SagaRunner } from '../../infrastructure/saga.runner';
import { OperatorActionCommand, OperatorActionResult } from './operator-action.command';

/** retry-step / compensate / abort: one decision; an input the engine ignores is a 409 with its code. */
@CommandHandler(OperatorActionCommand)
export class OperatorActionHandler implements ICommandHandler<OperatorActionCommand, OperatorActionResult> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: SagaRunner,
  ) {}

  execute({ sagaId, action, by, reason }: OperatorActionCommand): Promise<OperatorActionResult> {
    const now = Date.now();
    const input: SagaInput =
      action === 'retry-step'
        ? { type: 'RetryStep', data: { by, now } }
        : action === 'compensate'
          ? { type: 'CompensateSaga', data: { by, now, ...(reason ? { reason } : {}) } }
          : { type: 'AbortSaga', data: { by, reason: reason ?? `aborted by ${by}`, now } };
    return this.dataSource.transaction(async (m) => {
      const outcome = await this.runner.run(m, sagaId, input, { actor: 'operator', by });
      if (outcome.kind === 'ignored') {
        if (outcome.state.status === 'NEW') throw SagaErrors.notFound(sagaId);
        throw SagaErrors.refused(outcome.code, outcome.reason);
      }
      return { sagaId, status: outcome.state.status, step: currentStep(outcome.state), events: outcome.events.map((e) => e.type) };
    });
  }
}
