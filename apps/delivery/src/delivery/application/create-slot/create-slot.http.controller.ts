import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SlotView } from '../../infrastructure/slot.rows';
import { CreateSlotCommand } from './create-slot.command';
import { CreateSlotRequestDto } from './create-slot.request.dto';

@Controller('slots')
export class CreateSlotHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 201 with the slot; 409 DELIVERY.SLOT_EXISTS; 400 DELIVERY.SLOT_IN_PAST. */
  @Post()
  create(@Body() body: CreateSlotRequestDto): Promise<SlotView> {
    return this.commandBus.execute<CreateSlotCommand, SlotView>(
      new CreateSlotCommand(body.id, new Date(body.startsAt), body.capacity),
    );
  }
}
