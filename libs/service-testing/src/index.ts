export * from './service-under-test';
export * from './broker-outage';
export * from './test-event-broker';
