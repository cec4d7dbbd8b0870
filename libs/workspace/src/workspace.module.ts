import { Module } from '@nestjs/common';
import { CyclesModule } from '@keyscore/cycles';
import { DirectoryModule } from '@keyscore/directory';
import { DocumentsModule } from '@keyscore/documents';
import { MetricsModule } from '@keyscore/metrics';
import { ScorecardsModule } from '@keyscore/scorecards';
import { WorkspaceBootstrapService } from './workspace-bootstrap.service';

@Module({
  imports: [DirectoryModule, MetricsModule, ScorecardsModule, DocumentsModule, CyclesModule],
  providers: [WorkspaceBootstrapService],
})
export class WorkspaceModule {}
