import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { WITHDRAWAL_SOURCES, WithdrawalSource } from '@app/contracts';

/** 10,000,000.00 in minor units, as orders. */
export const MAX_WITHDRAWAL_MINOR = 1_000_000_000;

export class WithdrawRequestDto {
  @ApiProperty({ description: 'Integer minor units of the platform currency (GET /config)', example: 2500 })
  @IsInt({ message: 'amount must be an integer number of minor units' })
  @Min(1, { message: 'amount must be positive' })
  @Max(MAX_WITHDRAWAL_MINOR, { message: `amount must be at most ${MAX_WITHDRAWAL_MINOR}` })
  amount: number;

  @ApiPropertyOptional({
    enum: WITHDRAWAL_SOURCES,
    description: "`available` (default): your deposits not held; `proceeds`: a seller's sales",
  })
  @IsOptional()
  @IsIn(WITHDRAWAL_SOURCES, { message: `source must be one of ${WITHDRAWAL_SOURCES.join(', ')}` })
  source?: WithdrawalSource;

  @ApiPropertyOptional({ description: 'One of your linked addresses; default: the one linked last' })
  @IsOptional()
  @Matches(/^0x[0-9a-fA-F]{40}$/, { message: 'toAddress must be a 0x-prefixed 20-byte hex address' })
  toAddress?: string;
}
