import { Module } from '@nestjs/common';
import { DashboardPagesController } from './dashboard-pages.controller';
import { DashboardsController } from './dashboards.controller';
import { DashboardsRepository } from './dashboards.repository';
import { DashboardsService } from './dashboards.service';
import { DatasetLoader } from './dataset-loader.service';
import { FormulaCatalogController } from './formula-catalog.controller';
import { KpiProjection } from './kpi-projection.service';

/**
 * Dashboards: the data API, the pages and their caches. It reads dashboard documents through its own
 * repository rather than DocumentsModule, because the document store imports this library for the
 * dashboard kind's schema and meaning check (a module cycle otherwise).
 */
@Module({
  controllers: [DashboardsController, DashboardPagesController, FormulaCatalogController],
  providers: [DashboardsRepository, KpiProjection, DatasetLoader, DashboardsService],
  exports: [DashboardsService],
})
export class DashboardsModule {}
