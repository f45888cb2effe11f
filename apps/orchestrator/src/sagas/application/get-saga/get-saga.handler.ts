import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SagaErrors } from '../../domain/saga.errors';
import { SagaEventMetadata, SagaEventStore } from '../../infrastructure/saga-event.store';
import { SagaProjection } from '../../infrastructure/saga-projection.repository';
import { incidentView } from '../list-sagas/list-sagas.handler';
import { SAGA_CATALOG, SagaCatalog } from '../../saga-catalog';
import { GetSagaQuery, SagaEventView, SagaView } from './get-saga.query';
import { sagaShape } from './saga-shape';

/** A saga's state (projection), the shape of its definition and its full event history, read in one snapshot. */
@QueryHandler(GetSagaQuery)
export class GetSagaHandler implements IQueryHandler<GetSagaQuery, SagaView> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: SagaProjection,
    private readonly store: SagaEventStore,
    @Inject(SAGA_CATALOG) private readonly catalog: SagaCatalog,
  ) {}

  execute({ sagaId }: GetSagaQuery): Promise<SagaView> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const row = await this.projection.find(m, sagaId);
      if (!row) throw SagaErrors.notFound(sagaId);
      const events = await this.store.load(m, sagaId);
      const definition = this.catalog.registry.get(row.type, row.version);
      return {
        id: row.id,
        type: row.type,
        version: row.version,
        status: row.status,
        step: row.step,
        correlationId: row.correlationId,
        data: row.data,
        failure: row.failure,
        attempt: row.attempt,
        lastError: row.lastError,
        incident: incidentView(row.incident),
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
        shape: definition ? sagaShape(definition) : null,
        events: events.map((e) => ({
          seq: e.seq,
          type: e.event.type,
          data: e.event.data,
          at: e.at.toISOString(),
          metadata: eventOrigin(e.metadata),
        })),
      };
    });
  }
}

/** The part of an event's stored metadata the ops pages show (events written before a field existed lack it). */
function eventOrigin(m: Partial<SagaEventMetadata> | null): SagaEventView['metadata'] {
  if (!m) return {};
  return {
    ...(m.input ? { input: m.input } : {}),
    ...(m.actor ? { actor: m.actor } : {}),
    ...(m.causationId ? { causationId: m.causationId } : {}),
    ...(m.traceparent ? { traceparent: m.traceparent } : {}),
  };
}
