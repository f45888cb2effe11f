import { bootstrapService, DefaultPorts, httpPort } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService(
  'telegram-alerter',
  AppModule,
  httpPort('telegram-alerter', DefaultPorts['telegram-alerter']),
);
