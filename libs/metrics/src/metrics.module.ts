import { Module } from '@nestjs/common';
import { MetricValuesService } from './metric-values.service';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { RollupJob } from './rollup.job';

@Module({
  controllers: [MetricsController],
  providers: [MetricsRepository, MetricValuesService, RollupJob],
  exports: [MetricValuesService, MetricsRepository],
})
export class MetricsModule {}
