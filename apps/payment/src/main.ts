import { bootstrapService, DefaultPorts, httpPort } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('payment', AppModule, httpPort('payment', DefaultPorts.payment));
