import type { INestApplicationContext } from '@nestjs/common';

/**
 * On SIGTERM or SIGINT: stop taking requests and jobs, let the active ones finish (app.close() runs the
 * shutdown hooks: workers close, queues and the database disconnect), then exit 0. If that takes longer
 * than `timeoutMs`, exit 1 rather than hang. Nest's own enableShutdownHooks() is not used because it
 * re-raises the signal, which makes the exit code 143 instead of 0.
 */
export function exitGracefullyOnSignal(
  app: INestApplicationContext,
  timeoutMs: number,
  log: (message: string) => void,
) {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`received ${signal}; finishing active work`);
    const timer = setTimeout(() => {
      log(`shutdown took longer than ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log(`shutdown failed: ${error instanceof Error ? error.stack : String(error)}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
