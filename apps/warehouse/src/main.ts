import { bootstrapService, DefaultPorts, httpPort } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('warehouse', AppModule, httpPort('warehouse', DefaultPorts.warehouse));
