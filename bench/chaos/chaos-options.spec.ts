import { OptionsError } from '../load/load-options';
import { retriable } from '../load/http-recorder';
import { FAULTS, parseChaosOptions } from './chaos-options';

describe('npm run chaos options', () => {
  it('defaults to two replicas, one round of every fault, a bounded run', () => {
    const options = parseChaosOptions([]);
    expect(options).toMatchObject({ replicas: 2, rounds: 1, faults: [...FAULTS], record: false, help: false });
    expect(options.deadlineMs).toBeLessThanOrEqual(1_800_000);
  });

  it('reads flags with = or a separate value, and a subset of the faults', () => {
    expect(parseChaosOptions(['--learners=3', '--faults', 'roll,broker', '--record'])).toMatchObject({
      learners: 3,
      faults: ['roll', 'broker'],
      record: true,
    });
  });

  it('attaches to a running npm start with --attach or a control socket of its choice', () => {
    expect(parseChaosOptions(['--attach'])).toMatchObject({ attach: true, controlSocket: undefined });
    expect(parseChaosOptions(['--control-socket', '/tmp/p/control/platform.sock'])).toMatchObject({
      attach: true,
      controlSocket: '/tmp/p/control/platform.sock',
    });
    expect(parseChaosOptions([]).attach).toBe(false);
  });

  it.each([
    [['--attach', '--replicas', '3']],
    [['--attach', '--port-offset=2000']],
    [['--replicas', '1']],
    [['--faults', 'roll,reboot']],
    [['--deadline-ms', '99999999']],
    [['--nope', '1']],
    [['--learners']],
  ])('refuses %j', (argv) => {
    expect(() => parseChaosOptions(argv)).toThrow(OptionsError);
  });
});

describe('which requests a client sends again', () => {
  it.each([
    [{ method: 'GET' }, true],
    [{ method: 'PUT' }, true],
    [{ method: 'DELETE' }, true],
    [{ method: 'POST' }, false],
    [{ method: 'POST', headers: { 'Idempotency-Key': 'k1' } }, true],
    [{ method: 'PATCH' }, false],
  ])('%j → %s', (init, expected) => {
    expect(retriable(init)).toBe(expected);
  });
});
