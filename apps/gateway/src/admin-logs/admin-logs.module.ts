import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AdminLogsHttpController } from './admin-logs.http.controller';

/** GET /admin/logs: log search by correlation, saga or trace id for the ops pages. */
@Module({ imports: [AuthModule], controllers: [AdminLogsHttpController] })
export class AdminLogsModule {}
