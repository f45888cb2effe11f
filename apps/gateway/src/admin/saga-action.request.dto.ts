import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

/** A saga id as the gateway forwards it (a path segment or an element of a bulk action). */
export const SAGA_ID = /^[A-Za-z0-9_:.-]{1,128}$/;
export const SAGA_ACTIONS = ['retry-step', 'compensate', 'abort', 'skip-compensation'] as const;
export type SagaAction = (typeof SAGA_ACTIONS)[number];
export const MAX_BULK_IDS = 500;

export class SagaActionRequestDto {
  @ApiPropertyOptional({
    description: 'Why the operator acts; recorded with the action',
    minLength: 1,
    maxLength: 500,
  })
  @IsOptional()
  @IsString()
  @Length(1, 500, { message: 'reason must be 1-500 characters' })
  reason?: string;

  @ApiPropertyOptional({
    deprecated: true,
    description: 'Ignored: the gateway records the signed-in admin (their user id) as who acted',
  })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  by?: string;
}

export class BulkSagaActionRequestDto extends SagaActionRequestDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_BULK_IDS,
    description: 'Sagas to act on (repeats count once); each one is decided on its own',
    example: ['0f0e1d2c-3b4a-5968-7a8b-9c0d1e2f3a4b'],
  })
  @IsArray({ message: 'ids must be an array of saga ids' })
  @ArrayMinSize(1, { message: 'ids must name at least one saga' })
  @ArrayMaxSize(MAX_BULK_IDS, { message: `ids must name at most ${MAX_BULK_IDS} sagas` })
  @IsString({ each: true, message: 'every id must be a saga id' })
  @Matches(SAGA_ID, { each: true, message: 'every id must be a saga id (1-128 of A-Z a-z 0-9 _ : . -)' })
  ids: string[];
}

/** One saga's answer in a bulk action: its new status, or why the action did not apply to it. */
export class SagaActionOutcomeDto {
  @ApiProperty()
  sagaId: string;

  @ApiProperty({ description: 'true: the action was recorded; false: see code and message' })
  ok: boolean;

  @ApiPropertyOptional({ example: 'COMPENSATING' })
  status?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'charge' })
  step?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Saga events the action appended' })
  events?: string[];

  @ApiPropertyOptional({
    example: 'SAGA.TERMINAL',
    description: 'Why not, e.g. SAGA.NOT_FOUND, SAGA.TERMINAL, UPSTREAM.TIMEOUT',
  })
  code?: string;

  @ApiPropertyOptional()
  message?: string;
}

export class BulkSagaActionAnswerDto {
  @ApiProperty({ type: [SagaActionOutcomeDto], description: 'One per distinct id, in the order given' })
  results: SagaActionOutcomeDto[];
}
