import { Module, type DynamicModule } from '@nestjs/common';
import { AppLogger, createRootLogger } from './logging';

/** The process's root pino logger (inject it with `@Inject(ROOT_LOGGER)`). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** One pino logger per process, and Nest's logger on it (`app.useLogger(app.get(AppLogger))`). */
@Module({})
export class LoggingModule {
  static forRoot(level: string): DynamicModule {
    const root = createRootLogger(level);
    return {
      module: LoggingModule,
      global: true,
      providers: [
        { provide: ROOT_LOGGER, useValue: root },
        { provide: AppLogger, useValue: new AppLogger(root) },
      ],
      exports: [ROOT_LOGGER, AppLogger],
    };
  }
}
