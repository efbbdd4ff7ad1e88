export * from './services';
export * from './roles';
export * from './media-urls';
export * from './events';
