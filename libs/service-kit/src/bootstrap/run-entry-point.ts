/**
 * Runs a process's entry point (a service's main, its worker, migrate, seed, dlq): any failure, an
 * invalid configuration included, is printed as its message alone and exits 1, so a Job or a pod
 * reports it in one line. A number it resolves with is the process's exit code; otherwise the
 * process keeps running as long as it has work (a server) and ends when it has none (a command).
 */
export function runEntryPoint(entryPoint: () => Promise<number | void>): void {
  Promise.resolve()
    .then(entryPoint)
    .then(
      (exitCode) => {
        if (typeof exitCode === 'number') process.exit(exitCode);
      },
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
}
