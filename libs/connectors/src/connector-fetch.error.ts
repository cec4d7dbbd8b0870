import { connectorMessage, type ConnectorsErrorCode, type MessageParams } from './connector-messages';

/**
 * A pull that failed, with a stable code and the message parameters. `retryable` says whether trying again
 * later can help (5xx, network, timeout) or whether the connector is configured wrong (refused address,
 * 4xx, bad JSON, mapping) and retrying would only repeat the failure.
 */
export class ConnectorFetchError extends Error {
  override readonly name = 'ConnectorFetchError';

  constructor(
    readonly code: ConnectorsErrorCode,
    readonly params: MessageParams,
    readonly retryable: boolean,
  ) {
    super(connectorMessage(code, params).en);
  }
}
