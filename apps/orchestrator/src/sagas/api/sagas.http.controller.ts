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
import { OperatorActionRequestDto } from './operator-action.request.dto';
import { SagaIdParam } from './saga-id.param';

/** Saga state and history, and the operator actions (internal: the gateway sets x-gavel-role). */
@Controller('sagas')
export class SagasHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Get()
  list(@Query() q: ListSagasRequestDto): Promise<SagaPage> {
    return this.queryBus.execute<ListSagasQuery, SagaPage>(new ListSagasQuery(q.type, q.status, q.limit, q.offset));
  }

  @Get(':id')
  get(@Param() { id }: SagaIdParam): Promise<SagaView> {
    return this.queryBus.execute<GetSagaQuery, SagaView>(new GetSagaQuery(id));
  }

  @Post(':id/retry-step')
  @HttpCode(200)
  @UseGuards(AdminRoleGuard)
  retryStep(@Param() { id }: SagaIdParam, @Body() body: OperatorActionRequestDto): Promise<OperatorActionResult> {
    return this.act(id, 'retry-step', body);
  }

  @Post(':id/compensate')
  @HttpCode(200)
  @UseGuards(AdminRoleGuard)
  compensate(@Param() { id }: SagaIdParam, @Body() body: OperatorActionRequestDto): Promise<OperatorActionResult> {
    return this.act(id, 'compensate', body);
  }

  @Post(':id/abort')
  @HttpCode(200)
  @UseGuards(AdminRoleGuard)
  abort(@Param() { id }: SagaIdParam, @Body() body: OperatorActionRequestDto): Promise<OperatorActionResult> {
    return this.act(id, 'abort', body);
  }

  private act(id: string, action: OperatorAction, body: OperatorActionRequestDto): Promise<OperatorActionResult> {
    return this.commandBus.execute<OperatorActionCommand, OperatorActionResult>(
      new OperatorActionCommand(id, action, body.by, body.reason),
    );
  }
}
