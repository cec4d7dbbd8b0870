import { Module } from '@nestjs/common';
import { DirectoryModule } from '@keyscore/directory';
import { MetricValuesService } from './metric-values.service';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { IdempotencyService } from './idempotency.service';
import { RollupJob } from './rollup.job';

@Module({
  imports: [DirectoryModule],
  controllers: [MetricsController],
  providers: [MetricsRepository, MetricValuesService, RollupJob, IdempotencyService],
  exports: [MetricValuesService, MetricsRepository],
})
export class MetricsModule {}
