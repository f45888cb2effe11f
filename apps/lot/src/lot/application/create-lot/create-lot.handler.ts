import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { appendToOutbox } from '@app/outbox';
import { LotView, validateNewLot } from '../../domain/lot';
import { openLot } from '../../infrastructure/lot-listing';
import { toLotView } from '../../infrastructure/lot.rows';
import { CreateLotCommand } from './create-lot.command';

/** Opens an auction and publishes LotCreated (topic lot.events, key lotId) in one transaction. */
@CommandHandler(CreateLotCommand)
export class CreateLotHandler implements ICommandHandler<CreateLotCommand, LotView> {
  constructor(private readonly dataSource: DataSource) {}

  execute(c: CreateLotCommand): Promise<LotView> {
    const increment = validateNewLot(c, new Date());
    return this.dataSource.transaction(async (manager) => {
      const { row, created } = await openLot(manager, { ...c, increment });
      await appendToOutbox(manager, [created]);
      return toLotView(row);
    });
  }
}
