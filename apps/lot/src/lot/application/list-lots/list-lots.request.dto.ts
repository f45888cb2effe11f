import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '@app/common';
import { LOT_STATUSES, LotStatus, USER_ID_PATTERN } from '../../domain/lot';

/** Paging of the lot's lists (its own name kept for the controllers that use it). */
export class PageRequestDto extends PageQueryDto {}

export const LOT_SORTS = ['newest', 'ending', 'ended', 'price', 'price_desc'] as const;
export type LotSort = (typeof LOT_SORTS)[number];

export const MAX_ENDING_WITHIN_S = 30 * 24 * 3600;

export class ListLotsRequestDto extends PageRequestDto {
  @IsOptional()
  @IsIn(LOT_STATUSES, { message: `status must be one of ${LOT_STATUSES.join(', ')}` })
  status?: LotStatus;

  @IsOptional()
  @Matches(USER_ID_PATTERN, { message: 'sellerId must be 1-64 characters of letters, digits, _ or -' })
  sellerId?: string;

  /**
   * `newest` (default): created last first; `ending`: ending soonest first; `ended`: ended last first
   * (closed lots); `price` / `price_desc`: by the current price (the start price before any bid).
   */
  @IsOptional()
  @IsIn(LOT_SORTS, { message: `sort must be one of ${LOT_SORTS.join(', ')}` })
  sort?: LotSort;

  /** Open lots ending within this many seconds from now (implies status OPEN). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'endingWithinS must be an integer' })
  @Min(1, { message: 'endingWithinS must be at least 1' })
  @Max(MAX_ENDING_WITHIN_S, { message: `endingWithinS must be at most ${MAX_ENDING_WITHIN_S}` })
  endingWithinS?: number;
}
