import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { AddressDto } from '../../../orders/application/place-order/place-order.request.dto';

export const MAX_BID_MINOR = 1_000_000_000;

/** A bid's money (an amount, a proxy maximum, an allowance): whole minor units from 1 to MAX_BID_MINOR. */
export const IsBidAmount = (): PropertyDecorator =>
  applyDecorators(
    IsInt({ message: '$property must be an integer number of minor units' }),
    Min(1, { message: '$property must be positive' }),
    Max(MAX_BID_MINOR, { message: `$property must be at most ${MAX_BID_MINOR}` }),
  );

export class PlaceBidRequestDto {
  @ApiProperty({
    description: 'Bid in integer minor units of the platform currency (GET /config)',
    minimum: 1,
    example: 1500,
  })
  @IsBidAmount()
  amount: number;

  @ApiPropertyOptional({ description: 'Proxy bidding: the most you will pay (held in full)', example: 3000 })
  @IsOptional()
  @IsBidAmount()
  maxAmount?: number;

  @ApiProperty({ type: AddressDto, description: 'Delivery address used if this bid wins' })
  @IsObject({ message: 'address must be an object' })
  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;
}

export class BidAnswerDto {
  @ApiProperty()
  bidId: string;

  @ApiProperty({ enum: ['ACCEPTED'] })
  status: 'ACCEPTED';

  @ApiProperty({ description: 'The amount the lot recorded, minor units as a decimal string' })
  amount: string;

  @ApiProperty({ description: 'The least the next bid must offer' })
  minimumNextBid: string;

  @ApiProperty({ description: 'When the auction ends (soft close may have moved it)' })
  endsAt: string;
}
