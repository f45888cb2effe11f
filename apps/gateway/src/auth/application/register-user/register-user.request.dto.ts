import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Length, MaxLength, Matches } from 'class-validator';
import { PASSWORD_MAX, PASSWORD_MIN, SELF_REGISTER_ROLES, SelfRegisterRole } from '../../domain/user';

export class RegisterUserRequestDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, example: 'correct horse battery' })
  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX, {
    message: `password must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters`,
  })
  password: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'displayName must not be blank' })
  displayName: string;

  @ApiProperty({ enum: SELF_REGISTER_ROLES, description: 'admin cannot self-register' })
  @IsIn(SELF_REGISTER_ROLES, { message: `role must be one of ${SELF_REGISTER_ROLES.join(', ')}` })
  role: SelfRegisterRole;
}

export class RegisteredUserDto {
  @ApiProperty()
  userId: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: ['buyer', 'seller', 'admin'], isArray: true })
  roles: string[];
}
