import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ListNotificationsRequestDto } from './list-notifications.request.dto';

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: unknown;
  read: boolean;
  createdAt: string;
}

export interface NotificationPage {
  items: NotificationView[];
  total: number;
  unread: number;
  limit: number;
  offset: number;
}

interface Row {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: unknown;
  read_at: Date | null;
  created_at: Date;
}

@Controller('notifications')
export class ListNotificationsHttpController {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, with the total and the unread count. */
  @Get()
  async list(@Query() q: ListNotificationsRequestDto): Promise<NotificationPage> {
    const filter = q.unreadOnly ? 'AND read_at IS NULL' : '';
    const [rows, counts]: [Row[], { total: string; unread: string }[]] = await Promise.all([
      this.dataSource.query(
        `SELECT id, kind, title, body, data, read_at, created_at FROM notifications
         WHERE user_id = $1 ${filter} ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
        [q.userId, q.limit, q.offset],
      ),
      this.dataSource.query(
        `SELECT count(*) FILTER (WHERE true ${filter}) AS total, count(*) FILTER (WHERE read_at IS NULL) AS unread
         FROM notifications WHERE user_id = $1`,
        [q.userId],
      ),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        body: r.body,
        data: r.data,
        read: r.read_at !== null,
        createdAt: r.created_at.toISOString(),
      })),
      total: Number(counts[0].total),
      unread: Number(counts[0].unread),
      limit: q.limit,
      offset: q.offset,
    };
  }
}
