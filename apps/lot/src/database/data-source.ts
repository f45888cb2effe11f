import { DataSource, DataSourceOptions } from 'typeorm';
import { postgresOptions } from '@app/common';
import { OUTBOX_ENTITIES } from '@app/outbox';
import { InitLot1732600000000 } from './migrations/1732600000000-init-lot';
import { LotSaleOutcome1732600000100 } from './migrations/1732600000100-lot-sale-outcome';
import { BidDesk1732600000200 } from './migrations/1732600000200-bid-desk';
import { BidsByBidder1732600000300 } from './migrations/1732600000300-bids-by-bidder';
import { LotGallery1732600000400 } from './migrations/1732600000400-lot-gallery';
import { AllowanceHoldsByBidder1732600000450 } from './migrations/1732600000450-allowance-holds-by-bidder';
import { SecondChance1732600000500 } from './migrations/1732600000500-second-chance';

/** The lot service reads and writes with SQL (row locks, SKIP LOCKED), so it maps no entities of its own. */
export function lotDataSourceOptions(): DataSourceOptions {
  return postgresOptions('lot', {
    entities: [...OUTBOX_ENTITIES],
    migrations: [
      InitLot1732600000000,
      LotSaleOutcome1732600000100,
      BidDesk1732600000200,
      BidsByBidder1732600000300,
      LotGallery1732600000400,
      AllowanceHoldsByBidder1732600000450,
      SecondChance1732600000500,
    ],
  });
}

/** For the TypeORM CLI and the migration job. */
export default new DataSource(lotDataSourceOptions());
