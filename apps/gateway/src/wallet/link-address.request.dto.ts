import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

export class LinkAddressRequestDto {
  @ApiProperty({ example: '0x90F8bf6A479f320ead074411a4B0e7944Ea8c9C1' })
  @Matches(/^0x[0-9a-fA-F]{40}$/, { message: 'address must be a 0x-prefixed 20-byte hex address' })
  address: string;

  @ApiProperty({ description: 'EIP-191 personal_sign signature of the challenge message' })
  @Matches(/^0x[0-9a-fA-F]{130}$/, { message: 'signature must be a 65-byte 0x-prefixed hex signature' })
  signature: string;

  @ApiPropertyOptional({ description: 'The nonce of the challenge that was signed' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,128}$/)
  nonce?: string;
}
