import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Loads again, keeping the current data on screen meanwhile. */
  reload(): void;
  /** Replaces the data after a change made on this page. */
  setData(data: T): void;
}

const sameDeps = (a: readonly unknown[], b: readonly unknown[] | undefined): boolean =>
  b !== undefined && a.length === b.length && a.every((value, index) => Object.is(value, b[index]));

/**
 * Runs `load` on mount and whenever `deps` change; late answers of an earlier run are dropped.
 * Loading as soon as `deps` change: the render before the effect starts must not show the previous
 * answer as the new one (e.g. another search's courses under the new search words).
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [settledFor, setSettledFor] = useState<readonly unknown[] | undefined>(undefined);
  const [round, setRound] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    loadRef.current().then(
      (value) => {
        if (!current) return;
        setData(value);
        setSettledFor(deps);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(failure);
        setSettledFor(deps);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [...deps, round]); // the caller lists what `load` depends on

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { data, error, loading: loading || !sameDeps(deps, settledFor), reload, setData };
}
