import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { minorDigits, platformCurrency } from '@app/common';
import { BEARER_AUTH } from './auth/api/roles.decorator';
import { ErrorBodyDto } from './shared/error-body.dto';

/** Serves the OpenAPI document generated from the controllers: UI at /docs, JSON at /docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const currency = platformCurrency();
  const config = new DocumentBuilder()
    .setTitle('Gavel API')
    .setDescription(
      `Public API of Gavel. Money is integer minor units of ${currency}, the platform's one currency ` +
        `(${minorDigits(currency)} decimals: GET /config). Every error is \`{code, message, correlationId}\`; ` +
        'send `x-correlation-id` to trace a request across services.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_AUTH)
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorBodyDto] });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
