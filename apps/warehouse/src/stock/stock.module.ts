import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AdjustStockHandler } from './application/adjust-stock/adjust-stock.handler';
import { AdjustStockHttpController } from './application/adjust-stock/adjust-stock.http.controller';
import { CreateItemHandler } from './application/create-item/create-item.handler';
import { CreateItemHttpController } from './application/create-item/create-item.http.controller';
import { GetItemHandler } from './application/get-item/get-item.handler';
import { GetItemHttpController } from './application/get-item/get-item.http.controller';
import { ListItemsHandler } from './application/list-items/list-items.handler';
import { ListItemsHttpController } from './application/list-items/list-items.http.controller';
import { ReleaseStockHandler } from './application/release-stock/release-stock.handler';
import { ReserveStockHandler } from './application/reserve-stock/reserve-stock.handler';
import { WarehouseCommandsConsumer } from './infrastructure/warehouse-commands.consumer';

const httpHandlers = [CreateItemHandler, AdjustStockHandler, GetItemHandler, ListItemsHandler];
const sagaHandlers = [ReserveStockHandler, ReleaseStockHandler];

@Module({
  imports: [CqrsModule],
  controllers: [
    CreateItemHttpController,
    AdjustStockHttpController,
    GetItemHttpController,
    ListItemsHttpController,
  ],
  providers: [...httpHandlers, ...sagaHandlers, WarehouseCommandsConsumer],
})
export class StockModule {}
