import type { ConsolePage } from '../console-page';
import { ADMIN_PAGES } from './admin.pages';
import { DESIGNERS_PAGES } from './designers.pages';
import { FORMS_SURVEYS_PAGES } from './forms-surveys.pages';
import { homePage } from './home.page';
import { REVIEW_PAGES } from './review.pages';
import { signInPage } from './sign-in.page';

/**
 * Every console page; a route is matched in this order. Each group file lists the pages of one area:
 * forms and surveys, the workflow and dashboard designers, administration, and review work.
 */
export const ALL_PAGES: readonly ConsolePage[] = [
  homePage,
  signInPage,
  ...REVIEW_PAGES,
  ...FORMS_SURVEYS_PAGES,
  ...DESIGNERS_PAGES,
  ...ADMIN_PAGES,
];
