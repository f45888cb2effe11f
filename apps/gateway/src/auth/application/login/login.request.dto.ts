import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { PASSWORD_MAX } from '../../domain/user';

export class LoginRequestDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @Length(1, PASSWORD_MAX)
  password: string;
}

export class AccessTokenDto {
  @ApiProperty({ description: 'HS256 JWT; send as `Authorization: Bearer <token>`' })
  accessToken: string;

  @ApiProperty({ description: 'Lifetime in seconds', example: 3600 })
  expiresIn: number;
}
