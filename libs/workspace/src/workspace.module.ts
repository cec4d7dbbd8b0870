import { Module } from '@nestjs/common';
import { DirectoryModule } from '@keyscore/directory';
import { MetricsModule } from '@keyscore/metrics';
import { WorkspaceBootstrapService } from './workspace-bootstrap.service';

@Module({ imports: [DirectoryModule, MetricsModule], providers: [WorkspaceBootstrapService] })
export class WorkspaceModule {}
