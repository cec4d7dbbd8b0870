import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { MetricValuesService, type MetricValueRow } from '@keyscore/metrics';
import type { ConnectorEntity } from '@keyscore/persistence';
import { ConnectorFetchError } from './connector-fetch.error';
import { ConnectorsErrorCode } from './connector-messages';
import { connectorDocument, connectorSecrets } from './connector.view';
import { fetchConnectorJson } from './fetch-connector-json.util';
import { resolvePointer } from './json-pointer.util';
import { mapConnectorItems, type MappedItems } from './map-connector-items.util';

const DEFAULT_MAX_PAGES = 100;
/** Rows per MetricValuesService.record call: the batch limit of the metric-values API. */
const WRITE_CHUNK = 10_000;

export interface FetchedItems {
  items: unknown[];
  pages: number;
  /** The source has more pages than were read (dry run, or maxPages reached). */
  more: boolean;
}

/** Reads a connector's source page by page, maps the items, writes the rows. Shared by dry run and job. */
@Injectable()
export class ConnectorPullService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metricValues: MetricValuesService,
  ) {}

  async fetchItems(connector: ConnectorEntity, options: { firstPageOnly: boolean }): Promise<FetchedItems> {
    const doc = connectorDocument(connector);
    const headers = this.authHeaders(connector);
    const pagination = doc.pagination ?? { type: 'none' as const };
    const maxPages = pagination.type === 'none' ? 1 : (pagination.maxPages ?? DEFAULT_MAX_PAGES);
    const items: unknown[] = [];
    let page = pagination.type === 'page' ? (pagination.start ?? 1) : 0;
    let cursor: string | undefined;
    for (let pages = 1; ; pages++) {
      const url = new URL(doc.url);
      if (pagination.type === 'page') {
        url.searchParams.set(pagination.param, String(page));
        if (pagination.sizeParam && pagination.size) {
          url.searchParams.set(pagination.sizeParam, String(pagination.size));
        }
      } else if (pagination.type === 'cursor' && cursor !== undefined) {
        url.searchParams.set(pagination.param, cursor);
      }
      const { body } = await fetchConnectorJson(url.toString(), {
        allowlist: this.config.connectors.allowlist,
        headers,
      });
      const pageItems = resolvePointer(body, doc.itemsPointer);
      if (!Array.isArray(pageItems)) {
        throw new ConnectorFetchError(ConnectorsErrorCode.ItemsNotArray, { value: doc.itemsPointer }, false);
      }
      items.push(...(pageItems as unknown[]));
      let more = false;
      if (pagination.type === 'page') {
        more = pageItems.length > 0 && !(pagination.size && pageItems.length < pagination.size);
        page += 1;
      } else if (pagination.type === 'cursor') {
        const next = resolvePointer(body, pagination.cursorPointer);
        more = next !== undefined && next !== null && next !== '' && String(next) !== cursor;
        cursor = more ? String(next) : cursor;
      }
      if (!more || options.firstPageOnly || pages >= maxPages) return { items, pages, more };
    }
  }

  map(connector: ConnectorEntity, items: readonly unknown[]): MappedItems {
    const doc = connectorDocument(connector);
    return mapConnectorItems(items, doc.mapping, new Set(doc.metricKeys));
  }

  /**
   * Writes mapped rows limited to the connector's metric scope. The idempotency key names the run (the
   * BullMQ job id), so a job delivered twice replays the stored answer instead of writing again.
   */
  async write(connector: ConnectorEntity, rows: readonly MetricValueRow[], runKey: string) {
    const doc = connectorDocument(connector);
    let written = 0;
    let changed = 0;
    for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
      const result = await this.metricValues.record(rows.slice(i, i + WRITE_CHUNK), {
        pointerBase: '/rows',
        writableMetricKeys: new Set(doc.metricKeys),
        idempotency: { scope: `connector:${connector.id}`, key: `${runKey}#${i / WRITE_CHUNK}` },
      });
      written += result.written;
      changed += result.changed;
    }
    return { written, changed };
  }

  private authHeaders(connector: ConnectorEntity): Record<string, string> {
    const doc = connectorDocument(connector);
    if (!doc.authHeader) return {};
    const value = connectorSecrets(connector)[doc.authHeader.secretRef];
    if (value === undefined) {
      throw new ConnectorFetchError(
        ConnectorsErrorCode.MissingSecret,
        { value: doc.authHeader.secretRef, key: connector.key },
        false,
      );
    }
    return { [doc.authHeader.name.toLowerCase()]: value };
  }
}
