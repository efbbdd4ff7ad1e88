/**
 * The platform's Prometheus metrics by name: what the processes register (service-kit, messaging,
 * media's worker) and all that the chart's dashboards and alerts may query (cdk8s). One list, so a
 * dashboard cannot refer to a metric nobody exports; an e2e test scrapes every process for its share.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** The processes that serve /metrics: the four services and media's worker. */
export type MetricsExporter = 'identity' | 'catalog' | 'progress' | 'media' | 'media-worker';

export interface PlatformMetric {
  readonly name: string;
  readonly type: MetricType;
  readonly labels: readonly string[];
  /** Processes whose scrape lists it (`# TYPE` line), from their first scrape on. */
  readonly exportedBy: readonly MetricsExporter[];
}

const EVERY: readonly MetricsExporter[] = ['identity', 'catalog', 'progress', 'media', 'media-worker'];

function metric(name: string, type: MetricType, labels: readonly string[], exportedBy = EVERY): PlatformMetric {
  return { name, type, labels, exportedBy };
}

export const PLATFORM_METRICS = {
  // service-kit: every request by route template (RED), the database pool.
  httpRequestDuration: metric('http_request_duration_seconds', 'histogram', ['method', 'route', 'status_code']),
  dbConnectionCount: metric('db_client_connection_count', 'gauge', ['state']),
  dbConnectionMax: metric('db_client_connection_max', 'gauge', []),
  dbConnectionPendingRequests: metric('db_client_connection_pending_requests', 'gauge', []),
  // messaging: outbox, relay, consumers.
  messagesPublished: metric('messaging_published_total', 'counter', ['type']),
  messagesConfirmed: metric('messaging_confirmed_total', 'counter', ['type']),
  messagesConsumed: metric('messaging_consumed_total', 'counter', ['type', 'outcome']),
  messagesRetried: metric('messaging_retried_total', 'counter', ['type']),
  messagesDeadLettered: metric('messaging_dead_lettered_total', 'counter', ['type']),
  outboxPendingEvents: metric('messaging_outbox_pending_events', 'gauge', []),
  outboxOldestPendingAge: metric('messaging_outbox_oldest_pending_age_seconds', 'gauge', []),
  eventEndToEnd: metric('messaging_event_end_to_end_seconds', 'histogram', ['type', 'queue']),
  queueReadyMessages: metric('messaging_queue_ready_messages', 'gauge', ['queue']),
  deadLetterQueueMessages: metric('messaging_dead_letter_queue_messages', 'gauge', ['queue']),
  // media's worker: the image pipeline.
  imagesProcessed: metric('media_images_processed_total', 'counter', ['outcome'], ['media-worker']),
  imageProcessing: metric('media_image_processing_seconds', 'histogram', [], ['media-worker']),
  imagePipeline: metric('media_image_pipeline_seconds', 'histogram', [], ['media-worker']),
  // prom-client's defaults (collectDefaultMetrics), the ones the dashboards show.
  processCpu: metric('process_cpu_seconds_total', 'counter', []),
  processResidentMemory: metric('process_resident_memory_bytes', 'gauge', []),
  eventLoopLagP99: metric('nodejs_eventloop_lag_p99_seconds', 'gauge', []),
} as const satisfies Record<string, PlatformMetric>;
