import { Matches } from 'class-validator';
import { SKU_PATTERN } from '../domain/stock';

export const SKU_MESSAGE = 'sku must be 1-64 characters of letters, digits, _, . or -';

export class SkuParam {
  @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  sku: string;
}
