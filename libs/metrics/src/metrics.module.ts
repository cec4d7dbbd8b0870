import { Module } from '@nestjs/common';
import { DirectoryModule } from '@keyscore/directory';
import { MetricValuesService } from './metric-values.service';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { RollupJob } from './rollup.job';

@Module({
  imports: [DirectoryModule],
  controllers: [MetricsController],
  providers: [MetricsRepository, MetricValuesService, RollupJob],
  exports: [MetricValuesService, MetricsRepository],
})
export class MetricsModule {}
