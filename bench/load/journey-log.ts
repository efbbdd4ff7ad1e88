// What the journeys did: how long each step took, and where a journey stopped and why.

export type JourneyKind = 'learner' | 'instructor';

export interface StepRecord {
  readonly step: string;
  readonly ms: number;
  readonly ok: boolean;
}

export interface JourneyFailure {
  readonly journey: string;
  readonly step: string;
  readonly message: string;
}

/** A step whose outcome was not what a user of the platform expects (a wrong status, a missing field...). */
export class StepFailed extends Error {}

export class JourneyLog {
  readonly steps: StepRecord[] = [];
  readonly failures: JourneyFailure[] = [];
  readonly done: Record<JourneyKind, number> = { learner: 0, instructor: 0 };
  readonly started: Record<JourneyKind, number> = { learner: 0, instructor: 0 };

  /** Runs one step of a journey and times it; a throw is the journey's failure at that step. */
  async step<T>(journey: JourneyContext, step: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await run();
      this.steps.push({ step: `${journey.kind}.${step}`, ms: performance.now() - started, ok: true });
      return result;
    } catch (error) {
      this.steps.push({ step: `${journey.kind}.${step}`, ms: performance.now() - started, ok: false });
      if (!(error instanceof JourneyStopped)) {
        this.failures.push({
          journey: journey.name,
          step: `${journey.kind}.${step}`,
          message: error instanceof Error ? error.message : String(error),
        });
      }
      throw new JourneyStopped();
    }
  }

  /** Runs a whole journey; its failure is already recorded by the step that failed. */
  async journey(journey: JourneyContext, run: () => Promise<void>): Promise<boolean> {
    this.started[journey.kind]++;
    try {
      await run();
      this.done[journey.kind]++;
      return true;
    } catch (error) {
      if (!(error instanceof JourneyStopped)) {
        this.failures.push({
          journey: journey.name,
          step: `${journey.kind}.(outside a step)`,
          message: error instanceof Error ? error.message : String(error),
        });
      }
      return false;
    }
  }
}

export interface JourneyContext {
  readonly kind: JourneyKind;
  /** `learner 3`, `instructor 1`. */
  readonly name: string;
}

/** Thrown past a failed step so that the rest of the journey is skipped (the failure is recorded once). */
class JourneyStopped extends Error {
  constructor() {
    super('journey stopped at a failed step');
  }
}

/** Throws a StepFailed with `message` unless `condition` holds. */
export function expectThat(condition: unknown, message: string): asserts condition {
  if (!condition) throw new StepFailed(message);
}

/** `POST /api/identity/register → 409 {"message":…}` for a failure message. */
export function statusText(what: string, response: { status: number; text: string }): string {
  return `${what} → ${response.status} ${response.text}`;
}
