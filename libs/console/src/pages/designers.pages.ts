import type { ConsolePage } from '../console-page';

export const DESIGNERS_PAGES: readonly ConsolePage[] = [];
