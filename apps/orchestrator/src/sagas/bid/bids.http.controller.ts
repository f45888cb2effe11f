import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { DomainError, WaitQueryDto } from '@app/common';
import type { BidView } from '@app/contracts';
import { startResponse } from '../api/start.response';
import { UuidIdParam } from '../api/uuid-id.param';
import { GetBidQuery } from './get-bid.query';
import { PlaceBidCommand, PlaceBidResult } from './place-bid.command';
import { PlaceBidRequestDto } from './place-bid.request.dto';

@Controller('bids')
export class BidsHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  /** 202 with the new PlaceBid saga; 200 with the existing one when the same bid is posted again. */
  @Post()
  @HttpCode(202)
  async place(
    @Body() body: PlaceBidRequestDto,
    @Headers('x-correlation-id') correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Omit<PlaceBidResult, 'created'>> {
    const { bidId, lotId, bidderId, amount, maxAmount, address } = body;
    if (maxAmount !== undefined && maxAmount < amount) {
      throw new DomainError('REQUEST.INVALID', 'maxAmount must be at least amount', 'validation');
    }
    const result = await this.commandBus.execute<PlaceBidCommand, PlaceBidResult>(
      new PlaceBidCommand(bidId, lotId, bidderId, amount, maxAmount, address, correlationId),
    );
    return startResponse(res, result);
  }

  /** `?waitMs=N` (≤ 30000): answered as soon as it is no longer PENDING, or after N ms with its current state. */
  @Get(':id')
  get(@UuidIdParam() id: string, @Query() { waitMs }: WaitQueryDto): Promise<BidView> {
    return this.queryBus.execute<GetBidQuery, BidView>(new GetBidQuery(id, waitMs));
  }
}
