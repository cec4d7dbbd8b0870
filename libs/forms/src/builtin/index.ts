import type { FormDocument } from '../form.schema';
import { AM_SELF_ASSESSMENT_FORM } from './am-self-assessment.form';
import { CUSTOMER_SATISFACTION_FORM } from './customer-satisfaction.form';
import { MANAGER_REVIEW_FORM } from './manager-review.form';

export { AM_SELF_ASSESSMENT_FORM, CUSTOMER_SATISFACTION_FORM, MANAGER_REVIEW_FORM };

/** The built-in forms (version 1 of each). */
export const BUILTIN_FORMS: readonly FormDocument[] = [
  CUSTOMER_SATISFACTION_FORM,
  AM_SELF_ASSESSMENT_FORM,
  MANAGER_REVIEW_FORM,
];
