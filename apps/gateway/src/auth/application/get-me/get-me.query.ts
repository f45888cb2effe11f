import { ApiProperty } from '@nestjs/swagger';
import type { UserRole } from '@app/contracts';

export class GetMeQuery {
  constructor(readonly userId: string) {}
}

export class MeDto {
  @ApiProperty()
  userId: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ enum: ['buyer', 'seller', 'admin'], isArray: true })
  roles: UserRole[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
