import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI JSON at `<prefix>/docs-json` and its UI at `<prefix>/docs`. */
export function setUpOpenApi(app: INestApplication, routePrefix: string, title: string): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(title).setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup(`${routePrefix.replace(/^\//, '')}/docs`, app, document, { useGlobalPrefix: false });
}
