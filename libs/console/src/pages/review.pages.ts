import type { ConsolePage } from '../console-page';

export const REVIEW_PAGES: readonly ConsolePage[] = [];
