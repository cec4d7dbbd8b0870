import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from '@nestjs/common';
import { AppLogger } from '@keyscore/http';
import { exitGracefullyOnSignal, exitOnBootError, prepareRuntime } from '@keyscore/runtime';
import { WorkerModule } from './worker.module';

/** The worker process: BullMQ processors only, no HTTP. */
async function main(): Promise<void> {
  const config = await prepareRuntime();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(AppLogger));
  const logger = new Logger('Main');
  exitGracefullyOnSignal(app, config.shutdownTimeoutMs, (message) => logger.log(message));
  logger.log('Keyscore worker running');
}

main().catch(exitOnBootError);
