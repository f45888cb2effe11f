import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LotCreated, Topics } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';
import { fromIncrement, LotView, validateNewLot } from '../../domain/lot';
import { LOT_COLUMNS, LotRow, toLotView } from '../../infrastructure/lot.rows';
import { CreateLotCommand } from './create-lot.command';

/** Opens an auction and publishes LotCreated (topic lot.events, key lotId) in one transaction. */
@CommandHandler(CreateLotCommand)
export class CreateLotHandler implements ICommandHandler<CreateLotCommand, LotView> {
  constructor(private readonly dataSource: DataSource) {}

  execute(c: CreateLotCommand): Promise<LotView> {
    const increment = validateNewLot(c, new Date());
    const incValue = increment.kind === 'absolute' ? increment.minor : increment.basisPoints;
    return this.dataSource.transaction(async (manager) => {
      const rows: LotRow[] = await manager.query(
        `INSERT INTO lots (id, seller_id, title, description, sku, start_price, increment_kind, increment_value, reserve_price,
           buy_now_price, ends_at, soft_close_window_s, soft_close_extension_s)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${LOT_COLUMNS}`,
        [
          randomUUID(),
          c.sellerId,
          c.title,
          c.description,
          c.sku,
          c.startPrice.toString(),
          increment.kind,
          incValue.toString(),
          c.reservePrice?.toString() ?? null,
          c.buyNowPrice?.toString() ?? null,
          c.endsAt,
          c.softCloseWindowS,
          c.softCloseExtensionS,
        ],
      );
      const lot = toLotView(rows[0]);
      const event: LotCreated = {
        type: 'LotCreated',
        data: {
          lotId: lot.id,
          sellerId: lot.sellerId,
          title: lot.title,
          description: lot.description,
          sku: lot.sku,
          startPrice: lot.startPrice,
          increment: fromIncrement(increment),
          ...(lot.reservePrice ? { reservePrice: lot.reservePrice } : {}),
          ...(lot.buyNowPrice ? { buyNowPrice: lot.buyNowPrice } : {}),
          endsAt: lot.endsAt,
          softCloseWindowS: lot.softCloseWindowS,
          softCloseExtensionS: lot.softCloseExtensionS,
        },
      };
      await appendToOutbox(manager, [{ topic: Topics.lotEvents, key: lot.id, ...event }]);
      return lot;
    });
  }
}
