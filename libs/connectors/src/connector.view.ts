import type { ConnectorEntity, ConnectorRunEntity } from '@keyscore/persistence';
import type { Bilingual } from '@keyscore/i18n';
import type { ConnectorDocument } from './connectors.schemas';

export function connectorDocument(connector: ConnectorEntity): ConnectorDocument {
  return JSON.parse(connector.document) as ConnectorDocument;
}

export function connectorSecrets(connector: ConnectorEntity): Record<string, string> {
  return connector.secrets ? (JSON.parse(connector.secrets) as Record<string, string>) : {};
}

/** A connector as the API and the audit log show it: the document and which secrets are set, never their values. */
export function publicConnector(connector: ConnectorEntity) {
  return {
    id: connector.id,
    key: connector.key,
    ...connectorDocument(connector),
    secretsSet: Object.keys(connectorSecrets(connector)).sort(),
    createdBy: connector.createdBy,
    createdAt: connector.createdAt,
    updatedAt: connector.updatedAt,
    version: connector.version,
  };
}

export function publicConnectorRun(run: ConnectorRunEntity) {
  return {
    id: run.id,
    jobId: run.jobId,
    status: run.status,
    attempts: run.attempts,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    rows: run.rows,
    error: run.error === null ? null : (JSON.parse(run.error) as { code: string; message: Bilingual }),
  };
}
