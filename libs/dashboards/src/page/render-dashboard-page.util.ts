import { escapeHtml as esc } from '@keyscore/forms';
import type { Bilingual, Locale } from '@keyscore/i18n';
import type { DashboardDocument } from '../core/dashboard.schema';
import { PAGE_TEXTS } from './page-texts';

export const DASHBOARD_PAGE_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;font-size:15px;line-height:1.5;color:#1f2328;background:#f3f4f6}
a{color:#0b57d0}
.ks-top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.75rem 1rem;background:#fff;border-bottom:1px solid #d0d7de}
.ks-top h1{font-size:1.35rem;margin:0;flex:1 1 auto}
.ks-lang a{margin-left:.75rem}.ks-lang a[aria-current]{color:#1f2328;font-weight:600;text-decoration:none}
.ks-desc{margin:.5rem 1rem 0;color:#57606a}
.ks-draft{margin:.5rem 1rem 0;padding:.5rem .75rem;background:#fff8c5;border:1px solid #d4a72c;border-radius:4px}
.ks-filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;margin:.75rem 1rem;padding:.75rem;background:#fff;border-radius:6px}
.ks-filters label{display:flex;flex-direction:column;font-size:.85rem;color:#57606a}
.ks-filters select{font:inherit;min-width:9rem;padding:.3rem .4rem;border:1px solid #8c959f;border-radius:4px;background:#fff;color:#1f2328}
.ks-filters button{font:inherit;padding:.35rem 1rem;border:1px solid #1a7f37;background:#1a7f37;color:#fff;border-radius:4px;cursor:pointer}
.ks-alerts{margin:0 1rem}.ks-alerts:empty{display:none}
.ks-alert{margin:.25rem 0;padding:.5rem .75rem;border-left:4px solid #cf222e;background:#ffebe9;border-radius:4px}
.ks-grid{display:grid;grid-template-columns:repeat(12,minmax(0,1fr));grid-auto-rows:minmax(110px,auto);gap:.75rem;margin:.75rem 1rem 2rem}
.ks-widget{background:#fff;border-radius:6px;padding:.6rem .75rem;display:flex;flex-direction:column;min-width:0}
.ks-widget header{display:flex;align-items:baseline;gap:.5rem;flex-wrap:wrap}
.ks-widget h2{font-size:1rem;margin:0;flex:1 1 auto}
.ks-meta{font-size:.8rem;color:#57606a}
.ks-actions{display:flex;gap:.5rem;font-size:.8rem}
.ks-actions button{font:inherit;font-size:.8rem;background:none;border:0;color:#0b57d0;cursor:pointer;padding:0;text-decoration:underline}
.ks-body{flex:1 1 auto;min-height:80px;position:relative;overflow:auto}
.ks-chart{width:100%;height:100%;min-height:220px}
.ks-card{display:flex;flex-direction:column;gap:.15rem}
.ks-card-value{font-size:1.6rem;font-weight:650;cursor:pointer}
.ks-card-sub{font-size:.8rem;color:#57606a}
.ks-up{color:#1a7f37}.ks-down{color:#cf222e}
.ks-spark{width:100%;height:40px}
.ks-error{border-left:4px solid #cf222e;padding:.5rem .75rem;background:#ffebe9;border-radius:4px;font-size:.9rem}
.ks-error code{font-size:.8rem}
.ks-formula{font-family:ui-monospace,Consolas,monospace;background:#fff;padding:.15rem .3rem;border-radius:3px;white-space:pre-wrap}
.ks-formula mark{background:#ff8182;color:#1f2328}
table.ks-table{border-collapse:collapse;width:100%;font-size:.88rem}
.ks-table th,.ks-table td{padding:.3rem .45rem;border-bottom:1px solid #eaeef2;text-align:right;white-space:nowrap}
.ks-table th:first-child,.ks-table td:first-child{text-align:left;white-space:normal}
.ks-table tbody tr{cursor:pointer}.ks-table tbody tr:hover{background:#f6f8fa}
.ks-table tr.ks-flag td{background:#ffebe9}
.ks-empty{color:#57606a;font-size:.9rem;padding:1rem 0}
.ks-drill{position:fixed;top:0;right:0;bottom:0;width:min(44rem,100%);background:#fff;box-shadow:-4px 0 16px rgba(0,0,0,.2);padding:1rem;overflow:auto;z-index:10}
.ks-drill header{display:flex;justify-content:space-between;align-items:center;gap:1rem}
.ks-drill h2{font-size:1.1rem;margin:0}
.ks-drill button{font:inherit;cursor:pointer}
.ks-trace{margin-top:1rem}
.ks-signin{max-width:24rem;margin:3rem auto;background:#fff;padding:1.5rem;border-radius:6px}
.ks-signin label{display:block;margin:.75rem 0 .25rem;font-weight:600}
.ks-signin input{display:block;width:100%;font:inherit;padding:.45rem;border:1px solid #8c959f;border-radius:4px}
.ks-signin button{margin-top:1rem;font:inherit;padding:.5rem 1.5rem;border:1px solid #1a7f37;background:#1a7f37;color:#fff;border-radius:4px;cursor:pointer}
.ks-signin-error{color:#cf222e;font-weight:600}
.ks-list{margin:1rem;display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr))}
.ks-list a{display:block;background:#fff;padding:1rem;border-radius:6px;text-decoration:none;color:inherit}
.ks-list a strong{color:#0b57d0}
:focus-visible{outline:3px solid #f5b400;outline-offset:2px}
@media (max-width:48rem){.ks-widget{grid-column:1/-1!important}}
`.trim();

export interface FilterOption {
  value: string;
  label: Bilingual;
}

export interface PageFilters {
  periods: readonly string[];
  accountTypes: readonly FilterOption[];
  regions: readonly FilterOption[];
  departments: readonly FilterOption[];
  people: readonly FilterOption[];
}

/** The page's data for the script: JSON in a non-executable block (the CSP forbids inline scripts). */
function configBlock(config: unknown): string {
  const json = JSON.stringify(config)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, ' ');
  return `<script type="application/json" id="ks-config">${json}</script>`;
}

function shell(locale: Locale, title: string, top: string, body: string, config: unknown, echarts: boolean) {
  return [
    '<!DOCTYPE html>',
    `<html lang="${esc(locale)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title><style>${DASHBOARD_PAGE_CSS}</style></head>`,
    `<body data-state="loading">${top}${body}`,
    configBlock(config),
    echarts ? '<script src="/dashboards/assets/echarts.min.js"></script>' : '',
    '<script src="/dashboards/assets/dashboard.js"></script>',
    '</body></html>',
    '',
  ].join('\n');
}

function topBar(locale: Locale, title: string, langHref: (l: Locale) => string, back: boolean): string {
  const link = (l: Locale, name: string) =>
    `<a href="${esc(langHref(l))}" lang="${l}" hreflang="${l}"${l === locale ? ' aria-current="true"' : ''}>${name}</a>`;
  return [
    '<header class="ks-top">',
    back ? `<a href="/dashboards?lang=${esc(locale)}">← ${esc(PAGE_TEXTS.allDashboards[locale])}</a>` : '',
    `<h1>${esc(title)}</h1>`,
    `<nav class="ks-lang" aria-label="${esc(PAGE_TEXTS.language[locale])}">${link('zh-CN', '中文')}${link('en', 'English')}</nav>`,
    '</header>',
  ].join('');
}

function select(
  name: string,
  label: string,
  options: readonly { value: string; text: string }[],
  selected: string | null,
): string {
  const opts = options
    .map(
      (o) =>
        `<option value="${esc(o.value)}"${o.value === (selected ?? '') ? ' selected' : ''}>${esc(o.text)}</option>`,
    )
    .join('');
  return `<label>${esc(label)}<select name="${esc(name)}" data-filter="${esc(name)}">${opts}</select></label>`;
}

/**
 * A dashboard page: the filter form (a plain GET form, so it works before the script runs), one tile per
 * widget, a drill-down panel, and the config the script reads. Charts are drawn by the external script
 * with ECharts; every text is escaped.
 */
export function renderDashboardPage(options: {
  locale: Locale;
  document: DashboardDocument;
  draft: boolean;
  filters: Record<string, string | null>;
  choices: PageFilters;
  widgets: readonly { id: string; title: Bilingual; size: { w: number; h: number }; type: string }[];
}): string {
  const { locale, document, filters, choices } = options;
  const T = (key: keyof typeof PAGE_TEXTS) => PAGE_TEXTS[key][locale];
  const offered = new Set(document.filters ?? []);
  const all = { value: '', text: T('all') };
  const named = (list: readonly FilterOption[]) => [
    all,
    ...list.map((o) => ({ value: o.value, text: o.label[locale] })),
  ];
  const controls = [
    offered.has('period')
      ? select(
          'period',
          T('period'),
          [{ value: 'latest', text: T('latest') }, ...choices.periods.map((p) => ({ value: p, text: p }))],
          filters.period ?? 'latest',
        )
      : '',
    offered.has('accountType')
      ? select('accountType', T('accountType'), named(choices.accountTypes), filters.accountType)
      : '',
    offered.has('region') ? select('region', T('region'), named(choices.regions), filters.region) : '',
    offered.has('department')
      ? select('department', T('department'), named(choices.departments), filters.department)
      : '',
    offered.has('person') ? select('person', T('person'), named(choices.people), filters.person) : '',
  ].join('');
  const query = (lang: Locale) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    if (options.draft) params.set('draft', 'true');
    params.set('lang', lang);
    return `/dashboards/${document.key}?${params.toString()}`;
  };
  const tiles = options.widgets
    .map(
      (
        w,
      ) => `<section class="ks-widget" id="widget-${esc(w.id)}" data-widget="${esc(w.id)}" data-type="${esc(w.type)}" style="grid-column:span ${w.size.w};grid-row:span ${w.size.h}">
<header><h2>${esc(w.title[locale])}</h2><span class="ks-meta"></span>
<nav class="ks-actions"><a class="ks-csv" href="#">CSV</a><a class="ks-xlsx" href="#">Excel</a>${w.type === 'number' || w.type === 'table' ? '' : `<button type="button" class="ks-png">PNG</button>`}</nav></header>
<div class="ks-body" aria-live="polite">${esc(T('loading'))}</div></section>`,
    )
    .join('\n');
  const body = [
    document.description ? `<p class="ks-desc">${esc(document.description[locale])}</p>` : '',
    options.draft ? `<p class="ks-draft">${esc(T('draft'))}</p>` : '',
    controls
      ? `<form class="ks-filters" method="get" action="/dashboards/${esc(document.key)}" aria-label="${esc(T('filters'))}">${controls}<input type="hidden" name="lang" value="${esc(locale)}">${options.draft ? '<input type="hidden" name="draft" value="true">' : ''}<button type="submit">${esc(T('apply'))}</button></form>`
      : '',
    `<div class="ks-alerts" id="ks-alerts" role="status" aria-label="${esc(T('alerts'))}"></div>`,
    `<main class="ks-grid">${tiles}</main>`,
    `<aside class="ks-drill" id="ks-drill" hidden aria-labelledby="ks-drill-title"><header><h2 id="ks-drill-title"></h2><button type="button" id="ks-drill-close">${esc(T('close'))}</button></header><div id="ks-drill-body"></div></aside>`,
  ].join('\n');
  const config = {
    mode: 'dashboard',
    key: document.key,
    locale,
    draft: options.draft,
    api: `/api/dashboards/${document.key}`,
    texts: Object.fromEntries(Object.entries(PAGE_TEXTS).map(([k, v]) => [k, v[locale]])),
  };
  return shell(
    locale,
    document.title[locale],
    topBar(locale, document.title[locale], query, true),
    body,
    config,
    true,
  );
}

/** The sign-in page a dashboard URL answers without a session; the script posts to /api/auth/login. */
export function renderSignInPage(locale: Locale, next: string): string {
  const T = (key: keyof typeof PAGE_TEXTS) => PAGE_TEXTS[key][locale];
  const body = `<form class="ks-signin" id="ks-signin" method="post" action="/api/auth/login">
<h2>${esc(T('signInTitle'))}</h2><p class="ks-signin-error" id="ks-signin-error" role="alert"></p>
<label for="ks-email">${esc(T('email'))}</label><input id="ks-email" name="email" type="email" autocomplete="username" required>
<label for="ks-password">${esc(T('password'))}</label><input id="ks-password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${esc(T('signIn'))}</button></form>`;
  const config = {
    mode: 'signin',
    locale,
    next,
    texts: Object.fromEntries(Object.entries(PAGE_TEXTS).map(([k, v]) => [k, v[locale]])),
  };
  const href = (l: Locale) => `${next.split('?')[0]}?lang=${l}`;
  return shell(locale, T('signInTitle'), topBar(locale, T('signInTitle'), href, false), body, config, false);
}

/** A message page (no access, no such dashboard). */
export function renderMessagePage(locale: Locale, title: string): string {
  const href = (l: Locale) => `/dashboards?lang=${l}`;
  return shell(
    locale,
    title,
    topBar(locale, title, href, true),
    '',
    { mode: 'message', locale, texts: {} },
    false,
  );
}

/** The list of published dashboards. */
export function renderDashboardList(
  locale: Locale,
  dashboards: readonly { key: string; title: Bilingual; description: Bilingual | null }[],
): string {
  const T = (key: keyof typeof PAGE_TEXTS) => PAGE_TEXTS[key][locale];
  const items = dashboards
    .map(
      (d) =>
        `<a href="/dashboards/${esc(d.key)}?lang=${esc(locale)}"><strong>${esc(d.title[locale])}</strong>${d.description ? `<br><span class="ks-meta">${esc(d.description[locale])}</span>` : ''}</a>`,
    )
    .join('');
  const href = (l: Locale) => `/dashboards?lang=${l}`;
  return shell(
    locale,
    T('dashboards'),
    topBar(locale, T('dashboards'), href, false),
    `<nav class="ks-list">${items}</nav>`,
    { mode: 'message', locale, texts: {} },
    false,
  );
}
