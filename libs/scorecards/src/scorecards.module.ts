import { Module } from '@nestjs/common';
import { DirectoryModule } from '@keyscore/directory';
import { ScorecardsController } from './scorecards.controller';
import { ScorecardsRepository } from './scorecards.repository';
import { ScorecardsService } from './scorecards.service';

@Module({
  imports: [DirectoryModule],
  controllers: [ScorecardsController],
  providers: [ScorecardsRepository, ScorecardsService],
  exports: [ScorecardsService],
})
export class ScorecardsModule {}
