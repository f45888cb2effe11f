import { Transform } from 'class-transformer';

/** Accepts money as a JSON integer or a decimal string and hands the validator a string. */
export const MoneyInput = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value,
  );

export const MONEY_MESSAGE = 'must be integer minor units (a decimal string or an integer)';
