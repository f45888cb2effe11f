import { Controller, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/common';
import { IsString, Matches } from 'class-validator';

class OwnerQuery {
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  userId: string;
}

@Controller('notifications')
export class MarkReadHttpController {
  constructor(private readonly dataSource: DataSource) {}

  /** Marks one of the user's notifications read (idempotent). */
  @Post(':id/read')
  @HttpCode(204)
  async markRead(@Param('id', new ParseUUIDPipe()) id: string, @Query() owner: OwnerQuery): Promise<void> {
    const [, affected] = (await this.dataSource.query(
      `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2`,
      [id, owner.userId],
    )) as [unknown[], number];
    if (affected === 0) throw new DomainError('NOTIFICATION.NOT_FOUND', `No notification ${id}`, 'not_found');
  }
}
