import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SagaIncidentRow, SagaProjection } from '../../infrastructure/saga-projection.repository';
import { ListSagasQuery, SagaIncidentView, SagaPage } from './list-sagas.query';

export const incidentView = (incident: SagaIncidentRow | null): SagaIncidentView | null =>
  incident && { ...incident, since: incident.since.toISOString() };

/**
 * Newest first, filtered by type and/or status (served by the sagas_* indexes); with incident=open only
 * sagas with an open incident, the newest incident first (sagas_incident_idx).
 */
@QueryHandler(ListSagasQuery)
export class ListSagasHandler implements IQueryHandler<ListSagasQuery, SagaPage> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: SagaProjection,
  ) {}

  async execute({ type, status, limit, offset, incident }: ListSagasQuery): Promise<SagaPage> {
    const { items, total } = await this.projection.list(this.dataSource.manager, {
      type,
      status,
      incident,
      limit,
      offset,
    });
    return {
      items: items.map((r) => ({
        id: r.id,
        type: r.type,
        version: r.version,
        status: r.status,
        step: r.step,
        failure: r.failure,
        attempt: r.attempt,
        lastError: r.lastError,
        incident: incidentView(r.incident),
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      })),
      total,
      limit,
      offset,
    };
  }
}
