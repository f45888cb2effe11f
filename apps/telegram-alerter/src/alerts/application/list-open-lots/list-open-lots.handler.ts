import { Inject, Injectable } from '@nestjs/common';
import { openLotsText } from '../../domain/lot-announcement';
import { LotRepository } from '../../infrastructure/lot.repository';
import { TELEGRAM_CONFIG, TelegramConfig } from '../../infrastructure/telegram.config';

export const OPEN_LOTS_LIMIT = 10;

/** `/lots`: the latest open lots the alerter knows from `lot.events`. Returns the reply. */
@Injectable()
export class ListOpenLotsHandler {
  constructor(
    private readonly lots: LotRepository,
    @Inject(TELEGRAM_CONFIG) private readonly config: TelegramConfig,
  ) {}

  async execute(): Promise<string> {
    return openLotsText(await this.lots.latestOpen(OPEN_LOTS_LIMIT), this.config.format);
  }
}
