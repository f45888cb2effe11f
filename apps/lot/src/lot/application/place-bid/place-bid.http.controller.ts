import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError, errorAnswer, ErrorKind, ErrorStatus } from '@app/common';
import { AllowanceFailureCodes, BidFailureCodes, ErrorBody } from '@app/contracts';
import { isLotId } from '../../infrastructure/lot.repository';
import { BidDesk } from './bid-desk';
import { AcceptedAnswer, BidAnswer, BidRequest, RejectedAnswer } from './bid-desk.types';
import { BidDecisions } from './bid-decisions';
import { PlaceBidItemDto, PlaceBidRequestDto, PlaceBidsRequestDto } from './place-bid.request.dto';

/** How each refusal is answered over HTTP. */
const KIND_OF: Record<string, ErrorKind> = {
  [BidFailureCodes.notFound]: 'not_found',
  [BidFailureCodes.closed]: 'conflict',
  [BidFailureCodes.tooLow]: 'conflict',
  [BidFailureCodes.ownLot]: 'unprocessable',
  [AllowanceFailureCodes.tooLow]: 'payment_required',
};

/** One bid's answer in a batch: the status and body POST /lots/:id/bids would have given it. */
export interface BatchAnswer {
  status: number;
  body: AcceptedAnswer | ErrorBody;
}

@Controller()
export class PlaceBidHttpController {
  constructor(
    private readonly desk: BidDesk,
    private readonly decisions: BidDecisions,
  ) {}

  /**
   * One durable decision: 201 with the accepted bid once it is committed; 404 LOT.NOT_FOUND, 409
   * LOT.CLOSED / LOT.BID_TOO_LOW, 422 LOT.OWN_LOT, 402 LOT.ALLOWANCE_TOO_LOW (details: allowance,
   * required). The same bidId always gets the same answer (an allowance shortfall is not final).
   */
  @Post('lots/:id/bids')
  @HttpCode(201)
  async place(@Param('id') lotId: string, @Body() body: PlaceBidRequestDto): Promise<AcceptedAnswer> {
    return accepted(await this.desk.submit(bidRequestOf(lotId, body)));
  }

  /**
   * Many bids in one call (the gateway's batches: bids that arrived while its previous calls to this
   * replica were in flight), each decided by the desk exactly as POST /lots/:id/bids decides it. 200 with
   * `answers` in request order, each the status and body that call would have answered; a bid that
   * fails validation is answered 400 alone and does not hold up the others.
   */
  @Post('bids/batch')
  @HttpCode(200)
  async placeMany(@Body() body: PlaceBidsRequestDto): Promise<{ answers: BatchAnswer[] }> {
    const settled = await Promise.allSettled(
      body.bids.map(async (item) => this.desk.submit(bidRequestOf(...validItem(item)))),
    );
    return {
      answers: settled.map((s) => (s.status === 'fulfilled' ? answerOf(s.value) : errorAnswer(s.reason))),
    };
  }

  /** The final answer given to a bid id (404 BID.NOT_FOUND when none was given). */
  @Get('bids/:bidId')
  async get(@Param('bidId') bidId: string): Promise<AcceptedAnswer> {
    const answer = await this.decisions.find(bidId);
    if (!answer) throw new DomainError('BID.NOT_FOUND', `No decided bid ${bidId}`, 'not_found');
    return accepted(answer);
  }
}

/** The desk's request for a bid on a lot, or the DomainError its fields deserve. */
function bidRequestOf(lotId: string, body: PlaceBidRequestDto): BidRequest {
  if (body.maxAmount !== undefined && BigInt(body.maxAmount) < BigInt(body.amount)) {
    throw new DomainError('REQUEST.INVALID', 'maxAmount must be at least amount', 'validation');
  }
  if (BigInt(body.amount) < 1n)
    throw new DomainError('REQUEST.INVALID', 'amount must be positive', 'validation');
  if (!isLotId(lotId)) throw new DomainError(BidFailureCodes.notFound, `no lot ${lotId}`, 'not_found');
  return {
    bidId: body.bidId,
    lotId,
    bidderId: body.bidderId,
    amount: BigInt(body.amount),
    maxAmount: body.maxAmount === undefined ? null : BigInt(body.maxAmount),
    ...(body.address ? { address: body.address } : {}),
  };
}

/** A batch item checked as the global ValidationPipe checks a single bid's body. */
function validItem(item: unknown): [string, PlaceBidRequestDto] {
  const dto = plainToInstance(PlaceBidItemDto, item ?? {}, { enableImplicitConversion: false });
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw new DomainError('REQUEST.INVALID', messages.join('; '), 'validation', messages);
  }
  const { lotId, ...bid } = dto;
  return [lotId, bid];
}

/** An answer as its HTTP status and body (no error object: a batch answers many refusals). */
function answerOf(answer: BidAnswer): BatchAnswer {
  if (answer.status === 'ACCEPTED') return { status: 201, body: answer };
  const { kind, body } = refusalOf(answer);
  return { status: ErrorStatus[kind], body };
}

/** An accepted answer as the body; a refusal as the error its code maps to (details keep the context). */
function accepted(answer: BidAnswer): AcceptedAnswer {
  if (answer.status === 'ACCEPTED') return answer;
  const { kind, body } = refusalOf(answer);
  throw new DomainError(body.code, body.message, kind, body.details);
}

/** A refusal's error kind and body: its code mapped by KIND_OF, details keeping the context. */
function refusalOf(answer: RejectedAnswer): { kind: ErrorKind; body: ErrorBody } {
  return {
    kind: KIND_OF[answer.code] ?? 'conflict',
    body: { code: answer.code, message: answer.reason, details: { bidId: answer.bidId, ...answer.details } },
  };
}
