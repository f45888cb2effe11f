import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

export class SecondChanceAddressDto {
  @IsString()
  @Length(1, 100)
  name: string;

  @IsString()
  @Length(1, 200)
  line1: string;

  @IsString()
  @Length(1, 100)
  city: string;

  @IsString()
  @Length(1, 20)
  postcode: string;

  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as DE' })
  country: string;
}

/** `POST /lots/:id/second-chance/accept` body (optional). */
export class AcceptSecondChanceRequestDto {
  @IsOptional()
  @ValidateNested()
  @Type(() => SecondChanceAddressDto)
  address?: SecondChanceAddressDto;
}
