import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { BidIncrement } from '@app/contracts';
import { Actor, CurrentActor, sellerOf } from '../../api/actor';
import { LotView } from '../../domain/lot';
import { DEFAULT_ON_FAILED_SALE } from '../../domain/second-chance';
import { CreateLotCommand } from './create-lot.command';
import { CreateLotRequestDto, IncrementDto } from './create-lot.request.dto';

export const DEFAULT_SOFT_CLOSE_S = 60;

@Controller('lots')
export class CreateLotHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 201 with the lot; 403 LOT.FORBIDDEN unless seller/admin; 400/422 LOT.* on broken rules. */
  @Post()
  create(@Body() b: CreateLotRequestDto, @CurrentActor() actor: Actor): Promise<LotView> {
    const sellerId = sellerOf(actor);
    return this.commandBus.execute<CreateLotCommand, LotView>(
      new CreateLotCommand(
        sellerId,
        b.title,
        b.description,
        b.sku,
        BigInt(b.startPrice),
        toIncrementInput(b.increment),
        b.reservePrice === undefined ? null : BigInt(b.reservePrice),
        b.buyNowPrice === undefined ? null : BigInt(b.buyNowPrice),
        new Date(b.endsAt),
        b.softCloseWindowS ?? DEFAULT_SOFT_CLOSE_S,
        b.softCloseExtensionS ?? DEFAULT_SOFT_CLOSE_S,
        b.onFailedSale ?? DEFAULT_ON_FAILED_SALE,
      ),
    );
  }
}

function toIncrementInput({ kind, value }: IncrementDto): BidIncrement {
  if (kind === 'absolute') return { kind, value: String(value) };
  return { kind, value: typeof value === 'number' ? value : Number(value === '' ? NaN : value) };
}
