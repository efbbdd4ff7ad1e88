export * from './services';
export * from './roles';
export * from './media-urls';
export * from './platform-config';
export * from './events';
export * from './passwords';
export * from './sessions';
export * from './web-security';
