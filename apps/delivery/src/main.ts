import { bootstrapService, DefaultPorts, httpPort } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('delivery', AppModule, httpPort('delivery', DefaultPorts.delivery));
