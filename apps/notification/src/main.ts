import { bootstrapService, DefaultPorts, httpPort } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('notification', AppModule, httpPort('notification', DefaultPorts.notification));
