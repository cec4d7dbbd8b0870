import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@keyscore/audit';
import { compile } from '@keyscore/formula';
import { NotFoundException } from '@keyscore/http';
import { MetricValuesService } from '@keyscore/metrics';
import { isUniqueViolation, nowIso, UnitOfWork, type ConnectorEntity } from '@keyscore/persistence';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { ConnectorFetchError } from './connector-fetch.error';
import { connectorMessage, ConnectorsErrorCode } from './connector-messages';
import { ConnectorPullService } from './connector-pull.service';
import { ConnectorScheduleService } from './connector-schedule.service';
import { connectorDocument, connectorSecrets, publicConnector, publicConnectorRun } from './connector.view';
import { ConnectorsException, type ConnectorsFieldError } from './connectors.exception';
import { ConnectorsRepository } from './connectors.repository';
import type {
  ConnectorDocument,
  CreateConnector,
  SetConnectorSecret,
  UpdateConnector,
} from './connectors.schemas';
import { vetConnectorUrl } from './vet-connector-url.util';

const CONNECTOR = { en: 'Connector', 'zh-CN': '连接器' };
const MAPPING_FIELDS = ['accountCode', 'metricKey', 'period', 'value', 'state', 'sourceRecordId'] as const;

/** Administers pull connectors: validated and SSRF-checked documents, secrets, schedules, dry runs, runs. */
@Injectable()
export class ConnectorsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ConnectorsRepository,
    private readonly pulls: ConnectorPullService,
    private readonly schedules: ConnectorScheduleService,
    private readonly metrics: MetricValuesService,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateConnector, createdBy: string) {
    const { key, secrets, ...doc } = input;
    await this.check(doc);
    const now = nowIso();
    const connector: ConnectorEntity = {
      id: randomUUID(),
      key,
      name: doc.name,
      document: JSON.stringify(doc),
      secrets: secrets && Object.keys(secrets).length ? JSON.stringify(secrets) : null,
      createdBy,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    try {
      await this.unitOfWork.transaction(async (manager) => {
        await this.repository.insert(manager, connector);
        await this.audit.record(manager, [
          {
            action: 'connector.create',
            entityType: 'connector',
            entityId: connector.id,
            after: publicConnector(connector),
          },
        ]);
        // Last, inside the transaction: a schedule Redis refuses rolls the connector back.
        await this.schedules.apply(key, doc);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new ConnectorsException(ConnectorsErrorCode.DuplicateKey, { value: key }, [
        { pointer: '/body/key' },
      ]);
    }
    return publicConnector(connector);
  }

  async list() {
    return (await this.repository.list()).map(publicConnector);
  }

  async get(key: string) {
    const connector = await this.find(key);
    return { ...publicConnector(connector), scheduler: await this.schedules.scheduler(key) };
  }

  /** A new version of the document (overwrites the previous one; the audit log keeps both). */
  async update(key: string, input: UpdateConnector) {
    const connector = await this.find(key);
    const { secrets, ...doc } = input;
    await this.check(doc);
    const merged = { ...connectorSecrets(connector), ...secrets };
    return this.change(connector, 'connector.update', {
      name: doc.name,
      document: JSON.stringify(doc),
      secrets: Object.keys(merged).length ? JSON.stringify(merged) : null,
      updatedAt: nowIso(),
    });
  }

  /** Stores an auth secret as-is (it is sent to the source); it is never shown, audited or logged. */
  async setSecret(key: string, input: SetConnectorSecret) {
    const connector = await this.find(key);
    const doc = connectorDocument(connector);
    const ref = input.ref ?? doc.authHeader?.secretRef;
    if (!ref || ref !== doc.authHeader?.secretRef) {
      throw new ConnectorsException(ConnectorsErrorCode.UnknownSecretRef, { value: ref ?? '' }, [
        { pointer: '/body/ref' },
      ]);
    }
    const secrets = { ...connectorSecrets(connector), [ref]: input.value };
    const changed = await this.change(connector, 'connector.set_secret', {
      name: connector.name,
      document: connector.document,
      secrets: JSON.stringify(secrets),
      updatedAt: nowIso(),
    });
    return { key, ref, secretsSet: changed.secretsSet };
  }

  async remove(key: string) {
    const connector = await this.find(key);
    await this.unitOfWork.transaction(async (manager) => {
      await this.repository.remove(manager, connector.id);
      await this.audit.record(manager, [
        {
          action: 'connector.delete',
          entityType: 'connector',
          entityId: connector.id,
          before: publicConnector(connector),
        },
      ]);
      await this.schedules.remove(key);
    });
  }

  /** Fetches the first page and maps it: the rows that a run would write, and each item's errors. Writes nothing. */
  async dryRun(key: string) {
    const connector = await this.find(key);
    let fetched;
    try {
      fetched = await this.pulls.fetchItems(connector, { firstPageOnly: true });
    } catch (error) {
      if (error instanceof ConnectorFetchError) throw new ConnectorsException(error.code, error.params);
      throw error;
    }
    const mapped = this.pulls.map(connector, fetched.items);
    return {
      items: fetched.items.length,
      morePages: fetched.more,
      rows: mapped.rows,
      failedItems: mapped.failedItems,
      errors: mapped.errors.map((e) => ({
        pointer: e.pointer,
        code: e.code,
        message: connectorMessage(e.code, e.params),
      })),
    };
  }

  async run(key: string) {
    const connector = await this.find(key);
    const jobId = await this.schedules.runNow(connector.key, randomUUID());
    return { jobId };
  }

  async runs(key: string, limit = 50) {
    const connector = await this.find(key);
    return (await this.repository.listRuns(connector.id, limit)).map(publicConnectorRun);
  }

  private async find(key: string): Promise<ConnectorEntity> {
    const connector = await this.repository.findByKey(key);
    if (!connector) throw new NotFoundException(CONNECTOR, '/params/key');
    return connector;
  }

  private async change(
    connector: ConnectorEntity,
    action: string,
    change: Pick<ConnectorEntity, 'name' | 'document' | 'secrets' | 'updatedAt'>,
  ) {
    const changed: ConnectorEntity = { ...connector, ...change, version: connector.version + 1 };
    await this.unitOfWork.transaction(async (manager) => {
      if (!(await this.repository.update(manager, connector.id, connector.version, change))) {
        throw new ConnectorsException(ConnectorsErrorCode.ConcurrentChange);
      }
      // The public view only: secret values never reach the audit log.
      await this.audit.record(manager, [
        {
          action,
          entityType: 'connector',
          entityId: connector.id,
          before: publicConnector(connector),
          after: publicConnector(changed),
        },
      ]);
      await this.schedules.apply(connector.key, connectorDocument(changed));
    });
    return publicConnector(changed);
  }

  /** What the schema cannot say: known metrics, a metric key, formulas that compile, a public URL. */
  private async check(doc: ConnectorDocument): Promise<void> {
    const fields: ConnectorsFieldError[] = [];
    const known = new Set((await this.metrics.listMetrics()).map((m) => m.key));
    doc.metricKeys.forEach((metricKey, i) => {
      if (!known.has(metricKey)) {
        fields.push({
          pointer: `/body/metricKeys/${i}`,
          code: ConnectorsErrorCode.UnknownMetric,
          params: { value: metricKey },
        });
      }
    });
    const { mapping } = doc;
    if (mapping.metricKey === undefined && mapping.metricKeyConst === undefined) {
      fields.push({ pointer: '/body/mapping/metricKey', code: ConnectorsErrorCode.MetricKeyRequired });
    }
    if (mapping.metricKeyConst !== undefined && !doc.metricKeys.includes(mapping.metricKeyConst)) {
      fields.push({
        pointer: '/body/mapping/metricKeyConst',
        code: ConnectorsErrorCode.MetricOutOfScope,
        params: { value: mapping.metricKeyConst },
      });
    }
    for (const field of MAPPING_FIELDS) {
      const source = mapping[field];
      if (source?.startsWith('=') && !compile(source.slice(1)).ok) {
        fields.push({
          pointer: `/body/mapping/${field}`,
          code: ConnectorsErrorCode.InvalidFormula,
          params: { value: source },
        });
      }
    }
    if (fields.length) {
      throw new ConnectorsException(fields[0]!.code!, fields[0]!.params ?? {}, fields);
    }
    try {
      await vetConnectorUrl(doc.url, { allowlist: this.config.connectors.allowlist });
    } catch (error) {
      if (!(error instanceof ConnectorFetchError)) throw error;
      throw new ConnectorsException(error.code, error.params, [{ pointer: '/body/url' }]);
    }
  }
}
