import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

export class DepositRequestDto {
  @ApiProperty({
    description: 'Integer minor units of the platform currency (GET /config)',
    example: 2500,
    minimum: 1,
  })
  @IsInt({ message: 'amount must be an integer number of minor units' })
  @Min(1, { message: 'amount must be positive' })
  amount: number;
}
