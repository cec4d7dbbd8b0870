import type { FormDocument } from '../form.schema';
import { AM_SELF_ASSESSMENT_FORM } from './am-self-assessment.form';
import {
  AM_ANNUAL_SELF_ASSESSMENT_FORM,
  CROSS_DEPARTMENT_FEEDBACK_FORM,
  DISPUTE_REASON_FORM,
} from './annual-forms';
import { CUSTOMER_SATISFACTION_FORM } from './customer-satisfaction.form';
import { MANAGER_REVIEW_FORM } from './manager-review.form';

export {
  AM_SELF_ASSESSMENT_FORM,
  AM_ANNUAL_SELF_ASSESSMENT_FORM,
  CROSS_DEPARTMENT_FEEDBACK_FORM,
  CUSTOMER_SATISFACTION_FORM,
  DISPUTE_REASON_FORM,
  MANAGER_REVIEW_FORM,
};

/** The built-in forms (version 1 of each). */
export const BUILTIN_FORMS: readonly FormDocument[] = [
  CUSTOMER_SATISFACTION_FORM,
  AM_SELF_ASSESSMENT_FORM,
  MANAGER_REVIEW_FORM,
  AM_ANNUAL_SELF_ASSESSMENT_FORM,
  CROSS_DEPARTMENT_FEEDBACK_FORM,
  DISPUTE_REASON_FORM,
];
