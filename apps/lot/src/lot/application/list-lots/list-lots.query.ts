import type { LotStatus, LotView } from '../../domain/lot';
import type { LotSort } from './list-lots.request.dto';

export class ListLotsQuery {
  constructor(
    readonly status: LotStatus | undefined,
    readonly sellerId: string | undefined,
    readonly sort: LotSort,
    readonly limit: number,
    readonly offset: number,
    /** Only open lots ending within this many seconds. */
    readonly endingWithinS?: number,
  ) {}
}

export interface LotPage {
  lots: LotView[];
  total: number;
}
