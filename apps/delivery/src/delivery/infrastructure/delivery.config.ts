import { Injectable } from '@nestjs/common';
import { intEnv } from '@app/common';
import { parseCountries } from '../domain/booking';

/** Delivery settings from the environment. */
@Injectable()
export class DeliveryConfig {
  /** GAVEL_DELIVERY_COUNTRIES, default NL,DE,BE,FR,GB,US. */
  readonly servedCountries = parseCountries(process.env.GAVEL_DELIVERY_COUNTRIES);
  /** GAVEL_DELIVERY_SEED_DAYS (14): how far ahead standard slots are kept; 0 disables seeding. */
  readonly seedDays = intEnv('GAVEL_DELIVERY_SEED_DAYS', 14);
  /** GAVEL_DELIVERY_SLOT_CAPACITY (50): capacity of each seeded slot. */
  readonly seedCapacity = intEnv('GAVEL_DELIVERY_SLOT_CAPACITY', 50);
}
