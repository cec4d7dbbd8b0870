import { Module } from '@nestjs/common';
import { MetricsModule } from '@keyscore/metrics';
import { ConnectorPullJob } from './connector-pull.job';
import { ConnectorPullService } from './connector-pull.service';
import { ConnectorScheduleService } from './connector-schedule.service';
import { ConnectorScheduleReconciler } from './connector-schedule.reconciler';
import { ConnectorsController } from './connectors.controller';
import { ConnectorsRepository } from './connectors.repository';
import { ConnectorsService } from './connectors.service';

/** Outbound pull connectors: admin endpoints, schedules on the connectors queue, the pull job. */
@Module({
  imports: [MetricsModule],
  controllers: [ConnectorsController],
  providers: [
    ConnectorsRepository,
    ConnectorsService,
    ConnectorPullService,
    ConnectorScheduleService,
    ConnectorScheduleReconciler,
    ConnectorPullJob,
  ],
  exports: [ConnectorsService],
})
export class ConnectorsModule {}
