import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { DirectoryModule } from '@keyscore/directory';
import { DocumentsModule } from '@keyscore/documents';
import { MetricsModule } from '@keyscore/metrics';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { FormSubmissionsRepository } from './form-submissions.repository';
import { FormSubmissionsService } from './form-submissions.service';
import { FormsController } from './forms.controller';
import { parseSurveyForm } from './parse-survey-form.middleware';
import { PublicSurveys } from './public-surveys.service';
import { PublicSurveysController } from './public-surveys.controller';
import { PublishedForms } from './published-forms.service';
import { SurveyPageController } from './survey-page.controller';
import { SurveyRateLimit } from './survey-rate-limit';
import { SurveyRollupJob } from './survey-rollup.job';
import { SurveyRollupRequests } from './survey-rollup-requests';
import { SurveyRollups } from './survey-rollups.service';
import { SurveysRepository } from './surveys.repository';

/** Forms filled in by signed-in users, and customer surveys through personal links rolled up into metric values. */
@Module({
  imports: [DirectoryModule, DocumentsModule, MetricsModule],
  // The public endpoints first: their routes are matched first (see coreModules).
  controllers: [
    PublicSurveysController,
    SurveyPageController,
    FormsController,
    ContactsController,
    CampaignsController,
  ],
  providers: [
    PublishedForms,
    FormSubmissionsRepository,
    FormSubmissionsService,
    SurveysRepository,
    ContactsService,
    CampaignsService,
    SurveyRollups,
    SurveyRollupJob,
    SurveyRollupRequests,
    SurveyRateLimit,
    PublicSurveys,
  ],
  exports: [PublishedForms, SurveyRollups],
})
export class SurveysModule implements NestModule {
  /** The survey page posts an HTML form; HttpModule's JSON handling lets it through (FORM_POST_ROUTES). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(parseSurveyForm).forRoutes({ path: 's/:token', method: RequestMethod.POST });
  }
}
