import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Every error the gateway returns. */
export class ErrorBodyDto {
  @ApiProperty({ example: 'AUTH.UNAUTHORIZED' })
  code: string;

  @ApiProperty({ example: 'Missing or invalid access token' })
  message: string;

  @ApiProperty({ example: 'b1f4c1de-7d7e-4f1e-9a4b-1f2d3c4b5a69' })
  correlationId: string;

  @ApiPropertyOptional({
    description: 'Validation failures (a list of messages) or other structured detail',
    oneOf: [
      { type: 'array', items: { type: 'string' } },
      { type: 'object', additionalProperties: true },
    ],
  })
  details?: string[] | Record<string, unknown>;
}
