import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { OPERATOR_ACTIONS, OperatorAction } from '../application/operator-action/operator-action.command';

export class OperatorActionRequestDto {
  /** Who acts (an operator's user id), recorded in the event. */
  @Matches(/^[A-Za-z0-9_.@-]{1,64}$/, { message: 'by must be 1-64 characters naming the operator' })
  by: string;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

/** The same action on many sagas (each one its own decision, answered one by one). */
export class BulkOperatorActionRequestDto extends OperatorActionRequestDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Matches(/^[A-Za-z0-9_.:-]{1,255}$/, { each: true, message: 'every id must be a saga id' })
  ids: string[];
}

export class OperatorActionParam {
  @IsIn(OPERATOR_ACTIONS, { message: `action must be one of ${OPERATOR_ACTIONS.join(', ')}` })
  action: OperatorAction;
}
