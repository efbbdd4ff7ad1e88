// Imported first by main.ts: the tracing SDK must patch http, pg and Nest before anything loads them.
import { BACKEND_SERVICES } from '@platform/contracts';
import { startTelemetry } from '@platform/telemetry';

startTelemetry(BACKEND_SERVICES.media.name);
