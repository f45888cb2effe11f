import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser } from '../auth/api/current-user.decorator';
import { Roles } from '../auth/api/roles.decorator';
import type { AuthUser } from '../auth/domain/user';
import { callerOf } from '../shared/caller';
import { ErrorBodyDto } from '../shared/error-body.dto';
import { httpError } from '../shared/http-error';
import { requireSegment } from '../shared/raw-body';
import { UpstreamClient } from '../upstream/upstream.client';
import { batchesOf, failedBatchOutcomes, isBatchAnswer, SagaActionOutcome } from './bulk-saga-action';
import {
  BulkSagaActionAnswerDto,
  BulkSagaActionRequestDto,
  SAGA_ACTIONS,
  SAGA_ID,
  SagaAction,
  SagaActionRequestDto,
} from './saga-action.request.dto';

const LIST_FILTERS = ['type', 'status', 'incident', 'limit', 'offset', 'cursor'] as const;
const STATUSES = ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED', 'ABORTED'];
/** One batch of a bulk action: up to BULK_BATCH_SIZE decisions, one after the other, at the orchestrator. */
const BULK_BATCH_TIMEOUT_MS = 30_000;

/**
 * Operator views and actions on sagas, at the orchestrator (as `x-gavel-role: admin`). Who acted is the
 * signed-in admin: the gateway sends their user id as `by`, whatever the body says.
 */
@ApiTags('admin')
@Controller('admin/sagas')
@Roles('admin')
export class SagasHttpController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get()
  @ApiQuery({ name: 'type', required: false, description: 'Saga type, e.g. Order' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({
    name: 'incident',
    required: false,
    enum: ['open'],
    description:
      'open: only sagas with an open incident (a command unanswered past its threshold; ' +
      'the saga keeps retrying), newest incident first',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1-200 (50)' })
  @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({
    description:
      'Sagas from the projection, newest first: `{items: [{id, type, version, status, step, failure, ' +
      'attempt, lastError, incident: {step, phase, commandId, attempts, reason, since} | null, ' +
      'createdAt, updatedAt}], total, limit, offset}`',
  })
  @ApiBadRequestResponse({
    type: ErrorBodyDto,
    description: 'REQUEST.INVALID (a filter the orchestrator does not accept)',
  })
  async list(@CurrentUser() user: AuthUser, @Query() query: Record<string, unknown>): Promise<unknown> {
    const filters: Record<string, string> = {};
    for (const name of LIST_FILTERS) if (typeof query[name] === 'string') filters[name] = query[name];
    return (
      await this.upstream.call('orchestrator', {
        method: 'GET',
        path: '/sagas',
        query: filters,
        caller: callerOf(user, 'admin'),
      })
    ).body;
  }

  /** Declared before `:id/:action`, so `actions` is never taken for a saga id. */
  @Post('actions/:action')
  @HttpCode(200)
  @ApiOperation({
    summary: 'One operator action on many sagas',
    description:
      'Each saga is decided on its own: one refusal (e.g. SAGA.TERMINAL) does not stop the others. ' +
      'Sent to the orchestrator in batches; if a later batch fails as a whole its sagas carry that error ' +
      'and the rest SAGA.NOT_ATTEMPTED.',
  })
  @ApiParam({ name: 'action', enum: SAGA_ACTIONS })
  @ApiBody({ type: BulkSagaActionRequestDto })
  @ApiOkResponse({ type: BulkSagaActionAnswerDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'REQUEST.INVALID' })
  async bulk(
    @CurrentUser() user: AuthUser,
    @Param('action') action: string,
    @Body() body: BulkSagaActionRequestDto,
  ): Promise<BulkSagaActionAnswerDto> {
    const verb = requireAction(action, `/admin/sagas/actions/${action}`);
    const batches = batchesOf(body.ids);
    const results: SagaActionOutcome[] = [];
    for (const [i, ids] of batches.entries()) {
      try {
        const answer = await this.upstream.call('orchestrator', {
          method: 'POST',
          path: `/sagas/actions/${verb}`,
          body: { ...this.actionBody(user, body), ids },
          caller: callerOf(user, 'admin'),
          timeoutMs: BULK_BATCH_TIMEOUT_MS,
        });
        if (!isBatchAnswer(answer.body))
          throw httpError(502, 'UPSTREAM.BAD_RESPONSE', 'The orchestrator service gave an unexpected answer');
        results.push(...answer.body.results);
      } catch (e) {
        // Nothing done yet: the failure is the answer. Later, the sagas already decided must be reported.
        if (i === 0 || !(e instanceof HttpException)) throw e;
        results.push(...failedBatchOutcomes(ids, batches.slice(i + 1).flat(), errorOf(e)));
        break;
      }
    }
    return { results };
  }

  @Get(':id')
  @ApiOkResponse({
    description: 'The saga state (with attempt, lastError and the open incident) and its full event history',
  })
  async get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<unknown> {
    const path = `/sagas/${requireSegment(id, 'saga id', SAGA_ID)}`;
    return (
      await this.upstream.call('orchestrator', { method: 'GET', path, caller: callerOf(user, 'admin') })
    ).body;
  }

  @Post(':id/:action')
  @HttpCode(200)
  @ApiOperation({
    summary: 'An operator action on one saga',
    description:
      'retry-step: send the awaited command again now (or resume a COMPENSATION_FAILED compensation); ' +
      'compensate: turn back; abort: stop where it is, undoing nothing; ' +
      'skip-compensation: record the current compensation as done by hand and go on.',
  })
  @ApiParam({ name: 'action', enum: SAGA_ACTIONS })
  @ApiBody({ type: SagaActionRequestDto, required: false })
  @ApiOkResponse({
    description: '`{sagaId, status, step, events}`; 409 SAGA.<code> when the saga cannot take the action now',
  })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'REQUEST.INVALID' })
  async act(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() body: SagaActionRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const verb = requireAction(action, `/admin/sagas/${id}/${action}`);
    const path = `/sagas/${requireSegment(id, 'saga id', SAGA_ID)}/${verb}`;
    const answer = await this.upstream.call('orchestrator', {
      method: 'POST',
      path,
      body: this.actionBody(user, body),
      caller: callerOf(user, 'admin'),
    });
    res.status(answer.status);
    return answer.body;
  }

  private actionBody(user: AuthUser, body: SagaActionRequestDto): { by: string; reason?: string } {
    return { by: user.userId, ...(body.reason ? { reason: body.reason } : {}) };
  }
}

function requireAction(action: string, path: string): SagaAction {
  if (!(SAGA_ACTIONS as readonly string[]).includes(action))
    throw new NotFoundException(`Cannot POST ${path}`);
  return action as SagaAction;
}

function errorOf(e: HttpException): { code: string; message: string } {
  const body = e.getResponse() as { code?: unknown; message?: unknown };
  return {
    code: typeof body.code === 'string' ? body.code : `HTTP.${e.getStatus()}`,
    message: typeof body.message === 'string' ? body.message : e.message,
  };
}
