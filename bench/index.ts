// The only door into bench for other projects: the load generator, which the e2e suite runs once.
export { parseLoadOptions } from './load/load-options';
export { formatReport } from './load/report';
export { runLoad } from './load/run-load';
export { parseChaosOptions } from './chaos/chaos-options';
export { runChaos } from './chaos/run-chaos';
