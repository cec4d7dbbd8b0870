import { Module } from '@nestjs/common';
import { DirectoryModule } from '@keyscore/directory';
import { AdjustmentsController } from './adjustments.controller';
import { AdjustmentsRepository } from './adjustments.repository';
import { AdjustmentsService } from './adjustments.service';
import { ContributionsController } from './contributions.controller';
import { ContributionsRepository } from './contributions.repository';
import { ContributionsService } from './contributions.service';
import { ScorecardsController } from './scorecards.controller';
import { ScorecardsRepository } from './scorecards.repository';
import { ScorecardsService } from './scorecards.service';

@Module({
  imports: [DirectoryModule],
  controllers: [ScorecardsController, ContributionsController, AdjustmentsController],
  providers: [
    ScorecardsRepository,
    ScorecardsService,
    ContributionsRepository,
    ContributionsService,
    AdjustmentsRepository,
    AdjustmentsService,
  ],
  exports: [ScorecardsService, ContributionsService],
})
export class ScorecardsModule {}
