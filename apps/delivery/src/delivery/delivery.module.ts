import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BookDeliveryHandler } from './application/book-delivery/book-delivery.handler';
import { CancelDeliveryHandler } from './application/cancel-delivery/cancel-delivery.handler';
import { CreateSlotHandler } from './application/create-slot/create-slot.handler';
import { CreateSlotHttpController } from './application/create-slot/create-slot.http.controller';
import { ListBookingsHandler } from './application/list-bookings/list-bookings.handler';
import { ListBookingsHttpController } from './application/list-bookings/list-bookings.http.controller';
import { ListSlotsHandler } from './application/list-slots/list-slots.handler';
import { ListSlotsHttpController } from './application/list-slots/list-slots.http.controller';
import { DeliveryCommandsConsumer } from './infrastructure/delivery-commands.consumer';
import { DeliveryConfig } from './infrastructure/delivery.config';
import { SlotSeederService } from './infrastructure/slot-seeder.service';

const httpHandlers = [CreateSlotHandler, ListSlotsHandler, ListBookingsHandler];
const sagaHandlers = [BookDeliveryHandler, CancelDeliveryHandler];

@Module({
  imports: [CqrsModule],
  controllers: [CreateSlotHttpController, ListSlotsHttpController, ListBookingsHttpController],
  providers: [DeliveryConfig, SlotSeederService, ...httpHandlers, ...sagaHandlers, DeliveryCommandsConsumer],
})
export class DeliveryModule {}
