import { bootstrapService, DefaultPorts, httpPort } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('lot', AppModule, httpPort('lot', DefaultPorts.lot));
