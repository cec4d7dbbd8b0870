import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { DirectoryModule } from '@keyscore/directory';
import { FILE_UPLOAD_ROUTES } from '@keyscore/http';
import { MetricsModule } from '@keyscore/metrics';
import { ScorecardsModule } from '@keyscore/scorecards';
import { ExportsController } from './exports.controller';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { parseUpload } from './parse-upload.middleware';

@Module({
  imports: [DirectoryModule, MetricsModule, ScorecardsModule],
  controllers: [ImportsController, ExportsController],
  providers: [ImportsService, ExportsService, ExportsRepository],
})
export class ImportsModule implements NestModule {
  /** The upload routes get the file body parser (the JSON one passes them by, see FILE_UPLOAD_ROUTES). */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(parseUpload)
      .forRoutes(...[...FILE_UPLOAD_ROUTES].map((path) => ({ path, method: RequestMethod.POST })));
  }
}
