import { applyDecorators } from '@nestjs/common';
import { IsInt, IsUUID, Matches, Max, Min } from 'class-validator';

/** 10,000,000.00 in minor units: far above any lot, far below Number.MAX_SAFE_INTEGER. */
export const MAX_ORDER_AMOUNT_MINOR = 1_000_000_000;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The validators a start request's fields share (orders, bids, allowances, withdrawals), each naming the
 * field in its message. Composed in the order they would be stacked, so the messages come as before.
 */
const stacked = (...decorators: PropertyDecorator[]): PropertyDecorator =>
  applyDecorators(...[...decorators].reverse());

/** The id of the saga to start, chosen by the caller (the saga's id). */
export const IsStartId = (field: string): PropertyDecorator =>
  IsUUID('all', { message: `${field} must be a UUID` });

/** A user's or a lot's id. */
export const IsPartyId = (field: string): PropertyDecorator =>
  Matches(ID, { message: `${field} must be 1-64 characters of letters, digits, _ or -` });

/** Money: a positive integer number of minor units, at most MAX_ORDER_AMOUNT_MINOR. */
export const IsMinorAmount = (field: string): PropertyDecorator =>
  stacked(
    IsInt({ message: `${field} must be an integer number of minor units` }),
    Min(1, { message: `${field} must be positive` }),
    Max(MAX_ORDER_AMOUNT_MINOR, { message: `${field} must be at most ${MAX_ORDER_AMOUNT_MINOR}` }),
  );
