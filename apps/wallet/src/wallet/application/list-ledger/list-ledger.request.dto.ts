import { PageQueryDto } from '@app/common';

/** `?limit=&offset=`: 1-200 lines (default 50), newest first. */
export class ListLedgerRequestDto extends PageQueryDto {}
