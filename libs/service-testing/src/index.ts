export * from './service-under-test';
export * from './broker-outage';
export * from './test-event-broker';
export * from './openapi-document';
export * from './response-validation';
