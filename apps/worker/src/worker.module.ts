import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@keyscore/config';
import { coreModules } from '@keyscore/runtime';

/** The worker process: the core modules with BullMQ workers, and no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: coreModules(config, { worker: true }) };
  }
}
