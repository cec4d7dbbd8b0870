import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@keyscore/config';
import { ConsoleModule } from '@keyscore/console';
import { DocsModule, HttpModule } from '@keyscore/http';
import { coreModules, type RuntimeOptions } from '@keyscore/runtime';
import { AuditController } from './audit.controller';
import { HealthController } from './health.controller';

/** The api process: the core modules plus the HTTP boundary; with `worker`, also the BullMQ workers. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: RuntimeOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [...coreModules(config, options), HttpModule, DocsModule, ConsoleModule],
      controllers: [HealthController, AuditController],
    };
  }
}
