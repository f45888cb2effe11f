import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { LOT_STATUSES, LotStatus, USER_ID_PATTERN } from '../../domain/lot';

export class PageRequestDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be an integer' })
  @Min(0)
  offset?: number;
}

export const LOT_SORTS = ['newest', 'ending'] as const;
export type LotSort = (typeof LOT_SORTS)[number];

export class ListLotsRequestDto extends PageRequestDto {
  @IsOptional()
  @IsIn(LOT_STATUSES, { message: `status must be one of ${LOT_STATUSES.join(', ')}` })
  status?: LotStatus;

  @IsOptional()
  @Matches(USER_ID_PATTERN, { message: 'sellerId must be 1-64 characters of letters, digits, _ or -' })
  sellerId?: string;

  /** `newest` (default): created last first; `ending`: ending soonest first. */
  @IsOptional()
  @IsIn(LOT_SORTS, { message: `sort must be one of ${LOT_SORTS.join(', ')}` })
  sort?: LotSort;
}
