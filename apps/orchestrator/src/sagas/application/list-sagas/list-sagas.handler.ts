import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SagaProjection } from '../../infrastructure/saga-projection.repository';
import { ListSagasQuery, SagaPage } from './list-sagas.query';

/** Newest first, filtered by type and/or status (served by the sagas_* indexes). */
@QueryHandler(ListSagasQuery)
export class ListSagasHandler implements IQueryHandler<ListSagasQuery, SagaPage> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: SagaProjection,
  ) {}

  async execute({ type, status, limit, offset }: ListSagasQuery): Promise<SagaPage> {
    const { items, total } = await this.projection.list(this.dataSource.manager, { type, status, limit, offset });
    return {
      items: items.map((r) => ({
        id: r.id,
        type: r.type,
        version: r.version,
        status: r.status,
        step: r.step,
        failure: r.failure,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      })),
      total,
      limit,
      offset,
    };
  }
}
