import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '@app/common';
import { LOT_STATUSES, LotStatus, USER_ID_PATTERN } from '../../domain/lot';

/** Paging of the lot's lists (its own name kept for the controllers that use it). */
export class PageRequestDto extends PageQueryDto {}

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
