import { Global, Logger, Module } from '@nestjs/common';
import { GATEWAY_CONFIG, loadGatewayConfig } from '../gateway.config';

/** Provides the gateway's configuration (read once from the environment at start-up). */
@Global()
@Module({
  providers: [
    {
      provide: GATEWAY_CONFIG,
      useFactory: () => {
        const logger = new Logger('GatewayConfig');
        return loadGatewayConfig((message) => logger.warn(message));
      },
    },
  ],
  exports: [GATEWAY_CONFIG],
})
export class GatewayConfigModule {}
