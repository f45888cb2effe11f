import { Controller, HttpCode, Post, Query } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import { DataSource } from 'typeorm';

class OwnerQuery {
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'userId must be 1-64 characters of letters, digits, _ or -' })
  userId: string;
}

export interface MarkAllReadResult {
  /** How many notifications this call marked read (0 when all were read already). */
  marked: number;
}

@Controller('notifications')
export class MarkAllReadHttpController {
  constructor(private readonly dataSource: DataSource) {}

  /** Marks every unread notification of the user read (idempotent). */
  @Post('read-all')
  @HttpCode(200)
  async markAllRead(@Query() owner: OwnerQuery): Promise<MarkAllReadResult> {
    const [, affected] = (await this.dataSource.query(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`,
      [owner.userId],
    )) as [unknown[], number];
    return { marked: affected };
  }
}
