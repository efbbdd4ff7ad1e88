export * from './authenticated-user';
export * from './auth.options';
export * from './auth.decorators';
export * from './verified-token-cache';
export * from './access-token.verifier';
export * from './access-token.guard';
export * from './auth.module';
export { Public } from '@platform/service-kit';
export * from './token-verification.config';
