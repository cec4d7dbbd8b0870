import type { ConsolePage } from '../console-page';

export const FORMS_SURVEYS_PAGES: readonly ConsolePage[] = [];
