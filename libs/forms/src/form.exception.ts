import { text, type Bilingual, type FieldError } from './bilingual';

export enum FormErrorCode {
  /** The form document does not pass its schema or its meaning checks: the admin configured it wrong. */
  InvalidDefinition = 'form_definition_invalid',
}

export const FORM_ERROR_MESSAGES: Readonly<Record<FormErrorCode, Bilingual>> = {
  [FormErrorCode.InvalidDefinition]: text('表单定义有误，无法使用', 'The form definition is not valid'),
};

/** Thrown by compileForm when the document fails checkForm; `errors` point into the form document. */
export class FormDefinitionError extends Error {
  readonly code = FormErrorCode.InvalidDefinition;

  constructor(
    readonly errors: readonly FieldError[],
    readonly formKey?: string,
  ) {
    super(
      `${FORM_ERROR_MESSAGES[FormErrorCode.InvalidDefinition].en}${formKey ? ` (${formKey})` : ''}: ` +
        errors
          .slice(0, 3)
          .map((e) => `${e.pointer || '/'} ${e.message.en}`)
          .join('; ') +
        (errors.length > 3 ? `; and ${errors.length - 3} more` : ''),
    );
    this.name = 'FormDefinitionError';
  }

  get userMessage(): Bilingual {
    return FORM_ERROR_MESSAGES[this.code];
  }
}
