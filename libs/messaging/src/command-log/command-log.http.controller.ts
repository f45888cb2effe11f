import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { COMMAND_LOG_LOOKUP_PATH, CommandLogEntry, CommandLogLookupResponse } from '@app/contracts';
import { DomainError } from '@app/common';
import { CommandLogLookupRequestDto } from './command-log-lookup.request.dto';

interface Row {
  command_id: string;
  type: string;
  saga_id: string;
  outcome: string | null;
  reply_type: string | null;
  code: string | null;
  created_at: Date;
}

/**
 * `POST /command-log/lookup`: the replies this participant kept in `command_log` for the given
 * commandIds (the orchestrator's reconciliation asks; never exposed through the gateway). Operators
 * only: the caller sends `x-gavel-role: admin`, as the orchestrator's admin endpoints expect.
 */
@Controller()
export class CommandLogHttpController {
  constructor(private readonly dataSource: DataSource) {}

  @Post(COMMAND_LOG_LOOKUP_PATH)
  @HttpCode(200)
  async lookup(
    @Req() req: Request,
    @Body() body: CommandLogLookupRequestDto,
  ): Promise<CommandLogLookupResponse> {
    if (req.headers['x-gavel-role'] !== 'admin') {
      throw new DomainError(
        'AUTH.FORBIDDEN',
        'This endpoint is for operators (x-gavel-role: admin)',
        'forbidden',
      );
    }
    const ids = [...new Set(body.commandIds)];
    if (ids.length === 0) return { entries: [] };
    const rows: Row[] = await this.dataSource.query(
      `SELECT command_id, type, saga_id, reply->>'outcome' AS outcome, reply->>'type' AS reply_type,
              reply->>'code' AS code, created_at
         FROM command_log WHERE command_id = ANY($1)`,
      [ids],
    );
    return { entries: rows.map(toEntry) };
  }
}

function toEntry(r: Row): CommandLogEntry {
  return {
    commandId: r.command_id,
    type: r.type,
    sagaId: r.saga_id,
    // Every reply the consumer keeps says its outcome; anything else is no success.
    outcome: r.outcome === 'success' ? 'success' : 'failure',
    replyType: r.reply_type ?? r.type,
    ...(r.code ? { code: r.code } : {}),
    at: new Date(r.created_at).toISOString(),
  };
}
