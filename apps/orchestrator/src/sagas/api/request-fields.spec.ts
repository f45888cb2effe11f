import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsMinorAmount, IsPartyId, IsStartId, MAX_ORDER_AMOUNT_MINOR } from './request-fields';

class Request {
  @IsStartId('thingId')
  thingId: string;

  @IsPartyId('userId')
  userId: string;

  @IsMinorAmount('amount')
  amount: number;
}

const messages = (body: object): Record<string, string[]> =>
  Object.fromEntries(
    validateSync(plainToInstance(Request, body)).map((e) => [e.property, Object.values(e.constraints ?? {})]),
  );

describe('start request fields', () => {
  it('accept a UUID, an id of 1-64 letters, digits, _ or - and a positive integer amount', () => {
    const body = {
      thingId: '6f1c2b0e-8a55-4b7b-9d5e-1f2a3b4c5d6e',
      userId: 'u_1-A',
      amount: MAX_ORDER_AMOUNT_MINOR,
    };
    expect(messages(body)).toEqual({});
  });

  it('name the field in every message', () => {
    expect(messages({ thingId: 'x', userId: 'a b', amount: 1.5 })).toEqual({
      thingId: ['thingId must be a UUID'],
      userId: ['userId must be 1-64 characters of letters, digits, _ or -'],
      amount: ['amount must be an integer number of minor units'],
    });
    expect(messages({ thingId: 'x', userId: 'x'.repeat(65), amount: 0 }).amount).toEqual([
      'amount must be positive',
    ]);
    expect(messages({ amount: MAX_ORDER_AMOUNT_MINOR + 1 }).amount).toEqual([
      `amount must be at most ${MAX_ORDER_AMOUNT_MINOR}`,
    ]);
  });
});
