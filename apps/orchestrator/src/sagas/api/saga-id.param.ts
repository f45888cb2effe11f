import { Matches } from 'class-validator';

export class SagaIdParam {
  @Matches(/^[A-Za-z0-9_.:-]{1,255}$/, { message: 'id must be a saga id' })
  id: string;
}
