// Each service's HTTP contract as TypeScript types generated from its OpenAPI document
// (docs/openapi/<service>.json): `CatalogApi.components['schemas']['CourseView']`, `CatalogApi.paths`.
export type * as IdentityApi from './identity.openapi';
export type * as CatalogApi from './catalog.openapi';
export type * as ProgressApi from './progress.openapi';
export type * as MediaApi from './media.openapi';
