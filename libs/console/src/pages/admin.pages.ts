import type { ConsolePage } from '../console-page';

export const ADMIN_PAGES: readonly ConsolePage[] = [];
