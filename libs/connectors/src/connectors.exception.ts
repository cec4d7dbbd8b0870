import { AppException } from '@keyscore/http';
import {
  CONNECTORS_MESSAGES,
  connectorMessage,
  type ConnectorsErrorCode,
  type MessageParams,
} from './connector-messages';

export interface ConnectorsFieldError {
  pointer: string;
  code?: ConnectorsErrorCode;
  params?: MessageParams;
}

/** A connector request the caller can fix; `fields` point at what is at fault (each with its own message). */
export class ConnectorsException extends AppException {
  constructor(code: ConnectorsErrorCode, params: MessageParams = {}, fields: ConnectorsFieldError[] = []) {
    super(
      CONNECTORS_MESSAGES[code].status,
      code,
      connectorMessage(code, params),
      fields.map((f) => ({
        pointer: f.pointer,
        message: connectorMessage(f.code ?? code, f.params ?? params),
      })),
      params,
    );
  }
}
