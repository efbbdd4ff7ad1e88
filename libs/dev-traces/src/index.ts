export * from './otlp-trace-decoder';
export * from './trace-store';
export * from './trace-receiver';
