import { Module } from '@nestjs/common';
import { WebHttpController } from './web.http.controller';

/** The web pages: the SPA built by `npm run build:web`, served by the gateway under /app. */
@Module({ controllers: [WebHttpController] })
export class WebModule {}
