import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { GetSagaQuery, SagaView } from '../application/get-saga/get-saga.query';
import { ListSagasQuery, SagaPage } from '../application/list-sagas/list-sagas.query';
import {
  OperatorAction,
  OperatorActionCommand,
  OperatorActionResult,
} from '../application/operator-action/operator-action.command';
import { AdminRoleGuard } from './admin-role.guard';
import { ListSagasRequestDto } from './list-sagas.request.dto';
import {
  BulkOperatorActionRequestDto,
  OperatorActionParam,
  OperatorActionRequestDto,
} from './operator-action.request.dto';
import { SagaIdParam } from './saga-id.param';

export type BulkActionResult =
  ({ ok: true } & OperatorActionResult) | { sagaId: string; ok: false; code: string; message: string };

/** Saga state and history, and the operator actions (internal: the gateway sets x-gavel-role). */
@Controller('sagas')
export class SagasHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Get()
  list(@Query() q: ListSagasRequestDto): Promise<SagaPage> {
    return this.queryBus.execute<ListSagasQuery, SagaPage>(
      new ListSagasQuery(q.type, q.status, q.limit, q.offset, q.incident),
    );
  }

  /** One action on many sagas: each is decided on its own; a refusal of one does not stop the others. */
  @Post('actions/:action')
  @HttpCode(200)
  @UseGuards(AdminRoleGuard)
  async bulk(
    @Param() { action }: OperatorActionParam,
    @Body() body: BulkOperatorActionRequestDto,
  ): Promise<{ results: BulkActionResult[] }> {
    const results: BulkActionResult[] = [];
    for (const id of [...new Set(body.ids)]) {
      try {
        results.push({ ok: true, ...(await this.act(id, action, body)) });
      } catch (e) {
        const error = e as { code?: string; message?: string };
        if (!error.code) throw e;
        results.push({ sagaId: id, ok: false, code: error.code, message: error.message ?? error.code });
      }
    }
    return { results };
  }

  @Get(':id')
  get(@Param() { id }: SagaIdParam): Promise<SagaView> {
    return this.queryBus.execute<GetSagaQuery, SagaView>(new GetSagaQuery(id));
  }

  @Post(':id/retry-step')
  @HttpCode(200)
  @UseGuards(AdminRoleGuard)
  retryStep(
    @Param() { id }: SagaIdParam,
    @Body() body: OperatorActionRequestDto,
  ): Promise<OperatorActionResult> {
    return this.act(id, 'retry-step', body);
  }

  @Post(':id/compensate')
  @HttpCode(200)
  @UseGuards(AdminRoleGuard)
  compensate(
    @Param() { id }: SagaIdParam,
    @Body() body: OperatorActionRequestDto,
  ): Promise<OperatorActionResult> {
    return this.act(id, 'compensate', body);
  }

  @Post(':id/abort')
  @HttpCode(200)
  @UseGuards(AdminRoleGuard)
  abort(@Param() { id }: SagaIdParam, @Body() body: OperatorActionRequestDto): Promise<OperatorActionResult> {
    return this.act(id, 'abort', body);
  }

  @Post(':id/skip-compensation')
  @HttpCode(200)
  @UseGuards(AdminRoleGuard)
  skipCompensation(
    @Param() { id }: SagaIdParam,
    @Body() body: OperatorActionRequestDto,
  ): Promise<OperatorActionResult> {
    return this.act(id, 'skip-compensation', body);
  }

  private act(
    id: string,
    action: OperatorAction,
    body: OperatorActionRequestDto,
  ): Promise<OperatorActionResult> {
    return this.commandBus.execute<OperatorActionCommand, OperatorActionResult>(
      new OperatorActionCommand(id, action, body.by, body.reason),
    );
  }
}
