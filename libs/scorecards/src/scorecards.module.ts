import { Module } from '@nestjs/common';
import { DirectoryModule } from '@keyscore/directory';
import { ContributionsController } from './contributions.controller';
import { ContributionsRepository } from './contributions.repository';
import { ContributionsService } from './contributions.service';
import { ScorecardsController } from './scorecards.controller';
import { ScorecardsRepository } from './scorecards.repository';
import { ScorecardsService } from './scorecards.service';

@Module({
  imports: [DirectoryModule],
  controllers: [ScorecardsController, ContributionsController],
  providers: [ScorecardsRepository, ScorecardsService, ContributionsRepository, ContributionsService],
  exports: [ScorecardsService, ContributionsService],
})
export class ScorecardsModule {}
