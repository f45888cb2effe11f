import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_TOP_UP_MINOR } from '../../domain/money';
import { WALLET_CURRENCY } from '../../infrastructure/ledger.config';

export class TopUpRequestDto {
  /** Integer minor units (cents): 1 … 1,000,000,000. */
  @IsInt({ message: 'amount must be an integer number of minor units' })
  @Min(1, { message: 'amount must be positive' })
  @Max(MAX_TOP_UP_MINOR, { message: `amount must be at most ${MAX_TOP_UP_MINOR}` })
  amount: number;

  @IsOptional()
  @IsIn([WALLET_CURRENCY], { message: `currency must be ${WALLET_CURRENCY}` })
  currency?: string;
}
