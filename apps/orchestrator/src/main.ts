import { bootstrapService, DefaultPorts, httpPort } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('orchestrator', AppModule, httpPort('orchestrator', DefaultPorts.orchestrator));
