import { Controller, Get, Logger, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { LogDocument, LogQuery, openSearchClient, searchLogs } from '@app/observability';
import { Roles } from '../auth/api/roles.decorator';
import { ErrorBodyDto } from '../shared/error-body.dto';
import { httpError } from '../shared/http-error';

const FIELD = /^[A-Za-z0-9_:.@-]{1,128}$/;
const SINCE = /^(\d{1,6}[smhd]|\d{4}-\d{2}-\d{2}T[0-9:.]+Z?)$/;
const FILTERS = ['correlationId', 'sagaId', 'traceId', 'service', 'level'] as const;

/** Validates the query of GET /admin/logs; at least one of correlationId, sagaId or traceId narrows the search. */
export function parseLogQuery(raw: Record<string, unknown>): LogQuery {
  const query: LogQuery = { since: '24h', limit: 500 };
  for (const name of FILTERS) {
    const value = raw[name];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || !FIELD.test(value))
      throw httpError(400, 'REQUEST.INVALID', `${name} is not a valid value`);
    query[name] = value;
  }
  if (!query.correlationId && !query.sagaId && !query.traceId)
    throw httpError(400, 'REQUEST.INVALID', 'give correlationId, sagaId or traceId');
  if (raw.since !== undefined && raw.since !== '') {
    if (typeof raw.since !== 'string' || !SINCE.test(raw.since))
      throw httpError(400, 'REQUEST.INVALID', 'since is like 15m, 2h, 7d or an ISO time');
    query.since = raw.since;
  }
  return query;
}

/** Operator log search (OpenSearch, as tools/logs.ts), oldest first. */
@ApiTags('admin')
@Controller('admin/logs')
@Roles('admin')
export class AdminLogsHttpController {
  private readonly logger = new Logger(AdminLogsHttpController.name);
  private readonly client = openSearchClient();

  @Get()
  @ApiQuery({ name: 'correlationId', required: false })
  @ApiQuery({ name: 'sagaId', required: false })
  @ApiQuery({
    name: 'traceId',
    required: false,
    description:
      'W3C trace id (the second field of a traceparent): every line of that trace, across services',
  })
  @ApiQuery({ name: 'service', required: false })
  @ApiQuery({ name: 'level', required: false })
  @ApiQuery({ name: 'since', required: false, description: '15m, 2h, 7d or an ISO time (default 24h)' })
  @ApiOkResponse({ description: '{ items: log lines }' })
  @ApiServiceUnavailableResponse({
    type: ErrorBodyDto,
    description: 'LOGS.UNAVAILABLE when OpenSearch cannot be read',
  })
  async search(@Query() raw: Record<string, unknown>): Promise<{ items: LogDocument[] }> {
    const query = parseLogQuery(raw);
    try {
      return { items: await searchLogs(this.client, query) };
    } catch (e) {
      this.logger.warn({ message: 'log search failed', error: (e as Error).message });
      throw httpError(503, 'LOGS.UNAVAILABLE', 'The log store (OpenSearch) cannot be read right now');
    }
  }
}
