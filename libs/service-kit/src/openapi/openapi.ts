import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI JSON at `<prefix>/docs-json` and its UI at `<prefix>/docs`. */
export function setUpOpenApi(
  app: INestApplication,
  routePrefix: string,
  title: string,
  extraPaths: OpenAPIObject['paths'] = {},
): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(title).setVersion('1').addBearerAuth().build(),
  );
  // Routes registered on Fastify directly (not through a controller) describe themselves.
  document.paths = { ...document.paths, ...extraPaths };
  SwaggerModule.setup(`${routePrefix.replace(/^\//, '')}/docs`, app, document, { useGlobalPrefix: false });
}
