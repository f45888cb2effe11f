import type { LotStatus, LotView } from '../../domain/lot';
import type { LotSort } from './list-lots.request.dto';

export class ListLotsQuery {
  constructor(
    readonly status: LotStatus | undefined,
    readonly sellerId: string | undefined,
    readonly sort: LotSort,
    readonly limit: number,
    readonly offset: number,
  ) {}
}

export interface LotPage {
  lots: LotView[];
  total: number;
}
