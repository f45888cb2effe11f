import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { LOT_STATUSES, LotStatus } from '../../domain/lot';

export class SearchLotsRequestDto {
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'q must be 1-200 characters' })
  q?: string;

  @IsOptional()
  @IsIn(LOT_STATUSES, { message: `status must be one of ${LOT_STATUSES.join(', ')}` })
  status?: LotStatus;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'minPrice must be integer minor units' })
  @Min(0)
  minPrice?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'maxPrice must be integer minor units' })
  @Min(0)
  maxPrice?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(100)
  limit?: number;
}
