import { Module } from '@nestjs/common';
import { AuthModule } from '@keyscore/auth';
import { ConsolePagesController } from './console-pages.controller';
import { CONSOLE_PAGES } from './console-pages.token';
import { ALL_PAGES } from './pages';

/** The web console (api process only): page frames and their scripts; all data goes through the JSON API. */
@Module({
  imports: [AuthModule],
  controllers: [ConsolePagesController],
  providers: [{ provide: CONSOLE_PAGES, useValue: ALL_PAGES }],
})
export class ConsoleModule {}
