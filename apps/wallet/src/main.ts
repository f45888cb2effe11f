import { bootstrapService, DefaultPorts, httpPort } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('wallet', AppModule, httpPort('wallet', DefaultPorts.wallet));
