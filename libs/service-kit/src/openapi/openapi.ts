import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI JSON at `<prefix>/docs-json` and its UI at `<prefix>/docs`. */
export function setUpOpenApi(
  app: INestApplication,
  routePrefix: string,
  title: string,
  extraPaths: OpenAPIObject['paths'] = {},
): void {
  // A factory: Swagger builds the document on the first request for it (and keeps it), not at
  // start-up, where scanning every route's metadata delays readiness for a document few ask for.
  const build = (): OpenAPIObject => {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder().setTitle(title).setVersion('1').addBearerAuth().build(),
    );
    // Routes registered on Fastify directly (not through a controller) describe themselves.
    document.paths = { ...document.paths, ...extraPaths };
    return document;
  };
  SwaggerModule.setup(`${routePrefix.replace(/^\//, '')}/docs`, app, build, { useGlobalPrefix: false });
}
