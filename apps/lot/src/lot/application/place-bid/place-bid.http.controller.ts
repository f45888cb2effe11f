import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { DomainError, ErrorKind } from '@app/common';
import { AllowanceFailureCodes, BidFailureCodes } from '@app/contracts';
import { isLotId } from '../../infrastructure/lot.repository';
import { BidDesk } from './bid-desk';
import { AcceptedAnswer, BidAnswer } from './bid-desk.types';
import { BidDecisions } from './bid-decisions';
import { PlaceBidRequestDto } from './place-bid.request.dto';

/** How each refusal is answered over HTTP. */
const KIND_OF: Record<string, ErrorKind> = {
  [BidFailureCodes.notFound]: 'not_found',
  [BidFailureCodes.closed]: 'conflict',
  [BidFailureCodes.tooLow]: 'conflict',
  [BidFailureCodes.ownLot]: 'unprocessable',
  [AllowanceFailureCodes.tooLow]: 'payment_required',
};

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
    if (body.maxAmount !== undefined && BigInt(body.maxAmount) < BigInt(body.amount)) {
      throw new DomainError('REQUEST.INVALID', 'maxAmount must be at least amount', 'validation');
    }
    if (BigInt(body.amount) < 1n)
      throw new DomainError('REQUEST.INVALID', 'amount must be positive', 'validation');
    if (!isLotId(lotId)) throw new DomainError(BidFailureCodes.notFound, `no lot ${lotId}`, 'not_found');
    const answer = await this.desk.submit({
      bidId: body.bidId,
      lotId,
      bidderId: body.bidderId,
      amount: BigInt(body.amount),
      maxAmount: body.maxAmount === undefined ? null : BigInt(body.maxAmount),
      ...(body.address ? { address: body.address } : {}),
    });
    return accepted(answer);
  }

  /** The final answer given to a bid id (404 BID.NOT_FOUND when none was given). */
  @Get('bids/:bidId')
  async get(@Param('bidId') bidId: string): Promise<AcceptedAnswer> {
    const answer = await this.decisions.find(bidId);
    if (!answer) throw new DomainError('BID.NOT_FOUND', `No decided bid ${bidId}`, 'not_found');
    return accepted(answer);
  }
}

/** An accepted answer as the body; a refusal as the error its code maps to (details keep the context). */
function accepted(answer: BidAnswer): AcceptedAnswer {
  if (answer.status === 'ACCEPTED') return answer;
  throw new DomainError(answer.code, answer.reason, KIND_OF[answer.code] ?? 'conflict', {
    bidId: answer.bidId,
    ...answer.details,
  });
}
