import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { minorDigits, platformCurrency } from '@app/common';

export interface PublicSettings {
  /** The platform's one currency (GAVEL_CURRENCY): every amount in the API is minor units of it. */
  currency: string;
  /** Decimals of one minor unit (2 for USD: 2500 is 25.00). */
  minorDigits: number;
}

/** What the pages need to know before they show money; public, no sign-in. */
@ApiTags('settings')
@Controller('config')
export class SettingsHttpController {
  private readonly settings: PublicSettings = {
    currency: platformCurrency(),
    minorDigits: minorDigits(platformCurrency()),
  };

  @Get()
  @ApiOkResponse({ description: '`{currency, minorDigits}`, e.g. `{"currency": "USD", "minorDigits": 2}`' })
  get(): PublicSettings {
    return this.settings;
  }
}
