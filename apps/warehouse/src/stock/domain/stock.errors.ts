import { DomainError } from '@app/common';
import { OrderFailureCodes } from '@app/contracts';

export const StockErrors = {
  skuExists: (sku: string) =>
    new DomainError('WAREHOUSE.SKU_EXISTS', `Item ${sku} already exists`, 'conflict'),
  notFound: (sku: string) => new DomainError('WAREHOUSE.ITEM_NOT_FOUND', `No item ${sku}`, 'not_found'),
  belowReserved: (sku: string, reserved: number) =>
    new DomainError(
      'WAREHOUSE.BELOW_RESERVED',
      `Stock of ${sku} cannot go below the ${reserved} reserved units`,
      'conflict',
      {
        reserved,
      },
    ),
  notOwner: (sku: string) =>
    new DomainError('WAREHOUSE.NOT_OWNER', `Item ${sku} belongs to another seller`, 'forbidden'),
  forbiddenRole: (role: string) =>
    new DomainError('WAREHOUSE.FORBIDDEN', `Role ${role} cannot manage stock`, 'forbidden'),
};

/** Failure codes of `warehouse.rejected` replies. */
export const ReserveFailure = {
  outOfStock: OrderFailureCodes.outOfStock,
  unknownSku: OrderFailureCodes.unknownSku,
} as const;
