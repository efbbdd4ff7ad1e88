import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiAccess } from '../openapi/openapi';

/** Metadata key the platform's global auth guard (libs/auth) reads to let a route through without a token. */
export const PUBLIC_ROUTE = 'platform:public-route';

/** Marks a route (or controller) as reachable without an access token. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiAccess('public'));
