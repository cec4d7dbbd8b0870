import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { connectorDocument } from './connector.view';
import { ConnectorScheduleService } from './connector-schedule.service';
import { ConnectorsRepository } from './connectors.repository';

/**
 * The database is the truth about schedules: at boot every connector's scheduler is put back to match its
 * document (upserts are idempotent), so a Redis that lost its keys loses no scheduled pulls.
 */
@Injectable()
export class ConnectorScheduleReconciler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Connectors');

  constructor(
    private readonly repository: ConnectorsRepository,
    private readonly schedules: ConnectorScheduleService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connectors = await this.repository.list();
    for (const connector of connectors)
      await this.schedules.apply(connector.key, connectorDocument(connector));
    if (connectors.length)
      this.logger.log({ connectors: connectors.length }, 'connector schedules reconciled');
  }
}
