import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { exitGracefullyOnSignal, exitOnBootError, prepareRuntime } from '@keyscore/runtime';
import { createApiApp } from './create-api-app';

/**
 * The api process. `--with-worker` also runs the BullMQ workers in the same process (what `npm start`
 * does); scale out with `npm run start:api` and `npm run start:worker` over one PostgreSQL and Redis.
 */
async function main(): Promise<void> {
  const config = await prepareRuntime();
  const withWorker = process.argv.includes('--with-worker');
  const app = await createApiApp(config, { worker: withWorker });
  const logger = new Logger('Main');
  exitGracefullyOnSignal(app, config.shutdownTimeoutMs, (message) => logger.log(message));
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    process.stderr.write(
      `keyscore: port ${config.port} on ${config.host} is already in use: stop the other process or set PORT to a free port.\n`,
    );
    process.exit(1);
  }
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  logger.log(
    {
      url: `http://${shown}:${config.port}`,
      docs: `http://${shown}:${config.port}/api/docs`,
      worker: withWorker,
    },
    `Keyscore ${withWorker ? 'api + worker' : 'api'} listening on http://${shown}:${config.port}`,
  );
}

main().catch(exitOnBootError);
