/** Injection token of the list of console pages (see pages/index.ts). */
export const CONSOLE_PAGES = Symbol('CONSOLE_PAGES');
