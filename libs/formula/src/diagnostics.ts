import { DiagnosticCode, LocalizedText, Locale, formatMessage } from './messages';

/** A problem in a formula, positioned for editor underlines. Lines and columns are 1-based. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: 'error' | 'warning';
  /** Character offset and length in the formula text. */
  readonly start: number;
  readonly length: number;
  readonly line: number;
  readonly column: number;
  /** The message in both languages. */
  readonly message: LocalizedText;
}

export function makeDiagnostic(
  text: string,
  code: DiagnosticCode,
  start: number,
  length: number,
  params: Readonly<Record<string, string | number>> = {},
  severity: 'error' | 'warning' = 'error',
): Diagnostic {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(start, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return {
    code,
    severity,
    start,
    length,
    line,
    column: start - lineStart + 1,
    message: formatMessage(code, params),
  };
}

export function messageIn(d: Diagnostic, locale: Locale): string {
  return d.message[locale];
}
