import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { SlotView } from '../../infrastructure/slot.rows';
import { ListSlotsQuery } from './list-slots.query';
import { ListSlotsRequestDto } from './list-slots.request.dto';

@Controller('slots')
export class ListSlotsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /** `GET /slots?from=&to=&available=true&limit=`: slots by start time, from now on by default. */
  @Get()
  list(@Query() q: ListSlotsRequestDto): Promise<{ items: SlotView[] }> {
    const query = new ListSlotsQuery(
      q.from ? new Date(q.from) : new Date(),
      q.to ? new Date(q.to) : undefined,
      q.available === 'true',
      q.limit ?? 100,
    );
    return this.queryBus.execute<ListSlotsQuery, { items: SlotView[] }>(query);
  }
}
