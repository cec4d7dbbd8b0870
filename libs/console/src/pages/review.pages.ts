import type { ConsolePage } from '../console-page';
import { accountPage } from './account.page';
import { calibrationPage } from './calibration.page';
import { cyclePage } from './cycle.page';
import { cyclesPage } from './cycles.page';
import { inboxPage } from './inbox.page';
import { myReviewsPage } from './my-reviews.page';
import { taskPage } from './task.page';

/** Review work: the inbox and tasks, my reviews, account scorecards, cycles and calibration. */
export const REVIEW_PAGES: readonly ConsolePage[] = [
  inboxPage,
  taskPage,
  myReviewsPage,
  accountPage,
  cyclesPage,
  cyclePage,
  calibrationPage,
];
