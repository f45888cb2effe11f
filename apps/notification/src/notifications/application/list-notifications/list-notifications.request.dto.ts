import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '@app/common';

export class ListNotificationsRequestDto extends PageQueryDto {
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'userId must be 1-64 characters of letters, digits, _ or -' })
  userId: string;

  override limit = 50;
  override offset = 0;

  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unreadOnly?: boolean;
}
