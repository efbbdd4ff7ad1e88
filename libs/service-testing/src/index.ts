export * from './service-under-test';
export * from './broker-outage';
