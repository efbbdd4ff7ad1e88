import { execFileSync } from 'node:child_process';
import { getHeapSpaceStatistics } from 'node:v8';
import { BYTECODE_OLD_AGE_DEFAULT, releaseStartUpMemory } from './start-up-memory';

function newSpacePhysicalBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0;
}

/** Short-lived objects in the amounts a start-up allocates, which make V8 grow its young generation. */
function churn(): number {
  let kept = 0;
  for (let round = 0; round < 200_000; round++) {
    const garbage = { round, text: `item-${round}`, list: [round, round + 1, round + 2] };
    kept += garbage.list.length;
  }
  return kept;
}

describe('releaseStartUpMemory', () => {
  it('shrinks the young generation and the heap that a burst of allocation grew', async () => {
    for (let burst = 0; burst < 20; burst++) churn();
    const grownNewSpace = newSpacePhysicalBytes();

    const released = await releaseStartUpMemory();

    expect(newSpacePhysicalBytes()).toBeLessThan(grownNewSpace);
    expect(released.heapAfter).toBeLessThan(released.heapBefore);
    expect(released.bytecodeAfter).toBeGreaterThan(0);
    expect(released.durationMs).toBeGreaterThan(0);
  });

  it('names the default age for bytecode of the V8 it runs on', () => {
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    expect(options).toMatch(
      new RegExp(`--bytecode-old-age[\\s\\S]{0,200}default: --bytecode-old-age=${BYTECODE_OLD_AGE_DEFAULT}\\b`),
    );
  });
});
