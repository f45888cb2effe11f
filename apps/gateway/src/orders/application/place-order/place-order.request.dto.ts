import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const SKU = /^[A-Za-z0-9_.-]{1,64}$/;

export class AddressDto {
  @ApiProperty({ example: 'Ada Lovelace' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: '12 St James Square' })
  @IsString()
  @Length(1, 200)
  line1: string;

  @ApiProperty({ example: 'London' })
  @IsString()
  @Length(1, 100)
  city: string;

  @ApiProperty({ example: 'SW1Y 4JH' })
  @IsString()
  @Length(1, 20)
  postcode: string;

  @ApiProperty({ example: 'GB', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;
}

export class PlaceOrderRequestDto {
  @ApiProperty({ example: 'SKU-123' })
  @Matches(SKU, { message: 'sku must be 1-64 characters of letters, digits, _ . or -' })
  sku: string;

  @ApiProperty({ minimum: 1, maximum: 1000, example: 1 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity: number;

  @ApiProperty({
    description: 'Total price in integer minor units of the platform currency (GET /config)',
    minimum: 1,
    example: 2500,
  })
  @IsInt({ message: 'amount must be an integer number of minor units' })
  @Min(1, { message: 'amount must be positive' })
  @Max(Number.MAX_SAFE_INTEGER)
  amount: number;

  @ApiProperty({ example: 'a0c4c6a2-5d8e-4c1e-9d59-3f7b2c1e0a11' })
  @Matches(ID, { message: 'sellerId must be 1-64 characters of letters, digits, _ or -' })
  sellerId: string;

  @ApiProperty({ type: AddressDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;
}

export class PendingOrderDto {
  @ApiProperty()
  orderId: string;

  @ApiProperty({ enum: ['PENDING'] })
  status: 'PENDING';

  @ApiProperty({ example: { self: '/orders/3f1e…' } })
  links: { self: string };
}
