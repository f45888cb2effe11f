import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { UserIdParam } from '../../api/user-id.param';
import { TopUpCommand, TopUpResult } from './top-up.command';
import { TopUpRequestDto } from './top-up.request.dto';
import { IdempotencyKey } from '../../api/idempotency-key';

@Controller('wallets')
export class TopUpHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 201 with the deposit; 200 when an Idempotency-Key replay returns the first one. */
  @Post(':userId/deposits')
  @HttpCode(201)
  async topUp(
    @Param() params: UserIdParam,
    @Body() body: TopUpRequestDto,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Omit<TopUpResult, 'created'>> {
    const key = IdempotencyKey.parse(rawKey);
    const result = await this.commandBus.execute<TopUpCommand, TopUpResult>(
      new TopUpCommand(params.userId, body.amount, key),
    );
    if (!result.created) res.status(200);
    const { created: _created, ...deposit } = result;
    return deposit;
  }
}
