import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { SagaInput } from '@app/saga';
import { SagaErrors } from '../../domain/saga.errors';
import { currentStep } from '../../domain/saga-step';
import { SagaRunner } from '../../infrastructure/saga.runner';
import { OperatorAction, OperatorActionCommand, OperatorActionResult } from './operator-action.command';

/**
 * retry-step / compensate / abort / skip-compensation: one decision; an input the engine ignores is a
 * 409 with its code.
 */
@CommandHandler(OperatorActionCommand)
export class OperatorActionHandler implements ICommandHandler<OperatorActionCommand, OperatorActionResult> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: SagaRunner,
  ) {}

  execute({ sagaId, action, by, reason }: OperatorActionCommand): Promise<OperatorActionResult> {
    const input = operatorInput(action, by, reason, Date.now());
    return this.dataSource.transaction(async (m) => {
      const outcome = await this.runner.run(m, sagaId, input, { actor: 'operator', by });
      if (outcome.kind === 'ignored') {
        if (outcome.state.status === 'NEW') throw SagaErrors.notFound(sagaId);
        throw SagaErrors.refused(outcome.code, outcome.reason);
      }
      return {
        sagaId,
        status: outcome.state.status,
        step: currentStep(outcome.state),
        events: outcome.events.map((e) => e.type),
      };
    });
  }
}

function operatorInput(
  action: OperatorAction,
  by: string,
  reason: string | undefined,
  now: number,
): SagaInput {
  const why = reason ? { reason } : {};
  switch (action) {
    case 'retry-step':
      return { type: 'RetryStep', data: { by, now } };
    case 'compensate':
      return { type: 'CompensateSaga', data: { by, now, ...why } };
    case 'abort':
      return { type: 'AbortSaga', data: { by, reason: reason ?? `aborted by ${by}`, now } };
    case 'skip-compensation':
      return { type: 'SkipCompensation', data: { by, now, ...why } };
    default: {
      const _exhaustive: never = action;
      throw new Error(`unknown operator action ${String(_exhaustive)}`);
    }
  }
}
