export * from './test-database';
export * from './test-environment';
export * from './wait-for';
export * from './test-token-issuer';
export * from './test-mail-catcher';
export * from './platform-process';
export * from './tcp-proxy';
