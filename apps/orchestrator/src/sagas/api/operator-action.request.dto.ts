import { IsOptional, IsString, Length, Matches } from 'class-validator';

export class OperatorActionRequestDto {
  /** Who acts (an operator's user id), recorded in the event. */
  @Matches(/^[A-Za-z0-9_.@-]{1,64}$/, { message: 'by must be 1-64 characters naming the operator' })
  by: string;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
