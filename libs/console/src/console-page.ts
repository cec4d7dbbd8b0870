import type { Permission } from '@keyscore/auth';
import type { Bilingual } from '@keyscore/i18n';
import type { Ks } from './client/ks-client';

/** Where a page is listed in the console's navigation. */
export type NavGroup = 'admin' | 'review' | 'mine';

/**
 * One console page: a route under /console, who may open it, its title and texts in both languages, and
 * the script that draws it in the browser from the JSON API. The server renders the frame (navigation,
 * heading, language switch, live region) and hands the script its route parameters and texts.
 */
export interface ConsolePage {
  /** Route under /console, one or two segments, e.g. `inbox` or `tasks/:id`. */
  path: string;
  /** Needed to open the page; null: any signed-in user; 'public': no sign-in (the sign-in page). */
  permission: Permission | null | 'public';
  title: Bilingual;
  /** Listed in the navigation (pages with a route parameter are reached by links instead). */
  nav?: { group: NavGroup; order: number };
  /** The page's texts, read in the script with `ks.t(key)`. */
  texts: Record<string, Bilingual>;
  /**
   * Draws the page. It runs in the browser as the text of this function, so it must not use anything
   * from outside its own body except `ks` (no imports, no module constants).
   */
  script: (ks: Ks) => void | Promise<void>;
}

/** A page's served script: the function's own text, called with the shared helpers. */
export function pageScriptText(page: ConsolePage): string {
  return `"use strict";\n(${page.script.toString()})(window.ks);\n`;
}

/** The asset name of a page's script: `tasks/:id` → `page-tasks-id.js`. */
export function pageScriptName(page: ConsolePage): string {
  return `page-${page.path.replace(/[:/]+/g, '-')}.js`;
}

/** Matches a request path (segments after /console) against a page route; the parameters, or null. */
export function matchRoute(route: string, segments: readonly string[]): Record<string, string> | null {
  const parts = route.split('/');
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].startsWith(':')) params[parts[i].slice(1)] = segments[i];
    else if (parts[i] !== segments[i]) return null;
  }
  return params;
}
