// Imported first by worker.ts: the tracing SDK must patch http, pg and Nest before anything loads them.
import { MEDIA_WORKER } from '@platform/contracts';
import { startTelemetry } from '@platform/telemetry';

startTelemetry(MEDIA_WORKER.name);
