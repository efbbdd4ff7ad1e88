import { parseChaosOptions, runChaos } from '@platform/bench';

/**
 * `npm run chaos` in short (issue 23): a platform with two replicas of each service and worker under
 * a few learners and an instructor while one round of every fault is injected (a rolling restart
 * of each service and the worker, a replica of each service killed mid-request, the workers killed
 * mid-image, RabbitMQ's connections cut at the platform's own proxy (through its control socket),
 * PostgreSQL's backends of the run's own databases terminated).
 */
describe('rollouts and crashes under load (npm run chaos, one round)', () => {
  it('loses no event, fails no journey, and a client sees an error only for a request in flight on a killed process', async () => {
    const options = parseChaosOptions([
      '--learners=3',
      '--instructors=1',
      '--concurrency=2',
      '--port-offset=21000',
      '--deadline-ms=420000',
    ]);
    const lines: string[] = [];
    const result = await runChaos(options, (line) => lines.push(line));
    const report = `${result.summaryLine}\n${result.broken.join('\n')}\n${lines.join('\n')}`;
    expect({ lostEvents: result.lostEvents, report }).toEqual({ lostEvents: 0, report });
    expect({ errorsOutsideCrashes: result.errors - result.errorsDuringCrashes, report }).toEqual({
      errorsOutsideCrashes: 0,
      report,
    });
    expect(result.faults.filter((fault) => fault.problem)).toEqual([]);
    expect(new Set(result.faults.map((fault) => fault.fault))).toEqual(
      new Set(['roll', 'kill', 'worker', 'broker', 'database']),
    );
    // Every journey ends at exactly 100 %: clients send again what a retry cannot double (an
    // Idempotency-Key, a repeatable request, a storage PUT), so a crash costs them no journey.
    expect(result.journeysPlanned).toBeGreaterThan(0);
    expect({ journeysAtFull: result.journeysAtFull, report }).toEqual({
      journeysAtFull: result.journeysPlanned,
      report,
    });
  }, 480_000);
});
