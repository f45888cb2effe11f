import { Module } from '@nestjs/common';
import { SettingsHttpController } from './settings.http.controller';

/** Public settings of the platform (its currency). */
@Module({ controllers: [SettingsHttpController] })
export class SettingsModule {}
