import { Module } from '@nestjs/common';
import { CommandLogHttpController } from './command-log.http.controller';

/**
 * Imported by every saga participant (wallet, payment, warehouse, delivery, lot) beside its
 * CommandConsumer: serves `POST /command-log/lookup` from the service's own `command_log`.
 */
@Module({ controllers: [CommandLogHttpController] })
export class CommandLogModule {}
