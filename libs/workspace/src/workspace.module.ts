import { Module } from '@nestjs/common';
import { DirectoryModule } from '@keyscore/directory';
import { MetricsModule } from '@keyscore/metrics';
import { ScorecardsModule } from '@keyscore/scorecards';
import { WorkspaceBootstrapService } from './workspace-bootstrap.service';

@Module({
  imports: [DirectoryModule, MetricsModule, ScorecardsModule],
  providers: [WorkspaceBootstrapService],
})
export class WorkspaceModule {}
