import {
  formatDuration,
  PhaseRun,
  SagaHistoryEvent,
  sagaProgress,
  ShapeStep,
  StepProgress,
} from '../saga-shape';
import { when } from '../ui';

const STATE_TEXT: Record<StepProgress['state'], string> = {
  'not-reached': 'Not reached',
  waiting: 'Waiting for an answer',
  done: 'Done',
  refused: 'Refused',
  abandoned: 'Abandoned: no answer',
};

function undoText(step: StepProgress, sagaStatus: string): string {
  switch (step.undo) {
    case 'none':
      if (step.state === 'refused') return 'Nothing to undo: it did not happen';
      if (!step.compensation) return 'Nothing undoes this step';
      return `Undone by ${step.compensation} if the saga turns back`;
    case 'planned':
      return sagaStatus === 'COMPENSATING' ? 'To be undone' : 'Not undone';
    case 'undoing':
      return 'Being undone';
    case 'undone':
      return 'Undone';
    case 'refused':
      return 'Undo refused';
    case 'skipped':
      return 'Undo skipped by an operator';
    default: {
      const _exhaustive: never = step.undo;
      return _exhaustive;
    }
  }
}

function timing(run: PhaseRun): string {
  const attempts = run.attempts === 1 ? '1 attempt' : `${run.attempts} attempts`;
  return run.durationMs === undefined
    ? `${attempts}, since ${when(run.startedAt)}`
    : `${attempts}, took ${formatDuration(run.durationMs)}`;
}

/**
 * The saga's shape: every step of its definition in order, the path this saga took marked, each step's
 * state, attempts and time going forward, and its compensation's.
 */
export function SagaShapeView({
  saga,
}: {
  saga: {
    type: string;
    status: string;
    step: string | null;
    shape: { version: number; steps: ShapeStep[] } | null;
    events: SagaHistoryEvent[];
  };
}) {
  const steps = sagaProgress(saga.shape?.steps ?? null, saga.events, saga);
  return (
    <section aria-labelledby="shape-heading">
      <h2 id="shape-heading">Shape</h2>
      <p className="muted">
        {saga.shape
          ? `${saga.type} version ${saga.shape.version}: ${steps.length} steps, the ones this saga reached outlined.`
          : 'This saga’s definition is unknown here: the steps it reached, in order.'}
      </p>
      <ol className="shape" data-testid="saga-shape">
        {steps.map((s, i) => (
          <li
            key={s.name}
            className={`shape-step state-${s.state}${s.undo === 'none' ? '' : ` undo-${s.undo}`}`}
            data-testid="shape-step"
            aria-current={saga.step === s.name && !['COMPLETED', 'COMPENSATED'].includes(saga.status)}
          >
            <h3>{s.name}</h3>
            <p className="muted">
              Step {i + 1} · {s.participant}
            </p>
            <p>
              <span className="badge" data-testid="step-state">
                {STATE_TEXT[s.state]}
              </span>{' '}
              {s.incident && <span className="badge incident">Incident open</span>}
            </p>
            {s.run && <p data-testid="step-timing">{timing(s.run)}</p>}
            <p className="undo" data-testid="step-undo">
              {undoText(s, saga.status)}
              {s.undoRun && ` · ${timing(s.undoRun)}`}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
