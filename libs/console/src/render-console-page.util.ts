import { escapeHtml as esc } from '@keyscore/forms';
import type { Locale } from '@keyscore/i18n';
import type { KsUser } from './client/ks-client';
import type { ConsolePage, NavGroup } from './console-page';
import { COMMON_TEXTS, NAV_GROUPS } from './console-texts';

export const CONSOLE_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;font-size:15px;line-height:1.5;color:#1f2328;background:#f3f4f6}
a{color:#0b57d0}
.ks-skip{position:absolute;left:-999px}.ks-skip:focus{left:1rem;top:.5rem;background:#fff;padding:.5rem;z-index:20}
.ks-top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;padding:.6rem 1rem;background:#fff;border-bottom:1px solid #d0d7de}
.ks-brand{font-weight:700;color:#1f2328;text-decoration:none;margin-right:.5rem}
.ks-nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;flex:1 1 auto;align-items:center}
.ks-nav ul{display:flex;flex-wrap:wrap;gap:.25rem .9rem;list-style:none;margin:0;padding:0;align-items:center}
.ks-nav .ks-group{font-size:.75rem;color:#57606a;text-transform:uppercase;letter-spacing:.04em}
.ks-nav a[aria-current]{font-weight:700;color:#1f2328;text-decoration:none}
.ks-user{display:flex;gap:.75rem;align-items:center;font-size:.9rem}
.ks-lang a{margin-left:.5rem}.ks-lang a[aria-current]{color:#1f2328;font-weight:600;text-decoration:none}
main{max-width:78rem;margin:0 auto;padding:1rem}
h1{font-size:1.45rem;margin:.25rem 0 1rem}
h2{font-size:1.15rem;margin:1.25rem 0 .5rem}
.ks-card{background:#fff;border-radius:6px;padding:1rem;margin:0 0 1rem}
.ks-grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr))}
.ks-field{display:flex;flex-direction:column;gap:.2rem;margin:.5rem 0}
.ks-field label{font-weight:600;font-size:.9rem}
.ks-hint{margin:0;font-size:.8rem;color:#57606a}
input,select,textarea,button{font:inherit}
input:not([type=checkbox]):not([type=radio]),select,textarea{padding:.35rem .45rem;border:1px solid #6e7781;border-radius:4px;background:#fff;color:#1f2328;max-width:100%}
textarea{min-height:4rem;width:100%}
button,.ks-button{padding:.35rem .9rem;border:1px solid #6e7781;background:#fff;color:#1f2328;border-radius:4px;cursor:pointer;text-decoration:none;display:inline-block}
button.ks-primary,.ks-button.ks-primary{border-color:#1a7f37;background:#1a7f37;color:#fff}
button.ks-danger{border-color:#cf222e;background:#cf222e;color:#fff}
button:disabled{opacity:.55;cursor:not-allowed}
.ks-row{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}
.ks-actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0}
[aria-invalid="true"]{border-color:#cf222e!important;outline:1px solid #cf222e}
.ks-problem{color:#a40e26;font-size:.88rem;margin:.2rem 0}
.ks-problem-box{border-left:4px solid #cf222e;background:#ffebe9;padding:.5rem .75rem;border-radius:4px;margin:0 0 1rem;color:#1f2328}
.ks-problem-box p{margin:0;font-weight:600}
.ks-live{min-height:1.5rem;margin:0 0 .5rem;font-weight:600}
.ks-live-ok{color:#1a7f37}.ks-live-error{color:#a40e26}
table.ks-table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}
.ks-table caption{text-align:left;font-weight:600;padding:.4rem 0}
.ks-table th,.ks-table td{padding:.35rem .5rem;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
.ks-table thead th{background:#f6f8fa}
.ks-meta{color:#57606a;font-size:.85rem}
.ks-sealed{background:#eaeef2;border-radius:3px;padding:0 .3rem;font-size:.8rem}
.ks-score-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:.75rem}
.ks-score-total{font-size:2rem;font-weight:700}
.ks-rating{font-size:1.1rem;font-weight:650;color:#0b57d0}
.ks-gate{border-left:4px solid #bf8700;background:#fff8c5;padding:.4rem .6rem}
.ks-trace summary{cursor:pointer;color:#0b57d0}
.ks-trace-dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .75rem;margin:.4rem 0;font-weight:400}
.ks-trace-dl dt{color:#57606a}.ks-trace-dl dd{margin:0}
.ks-trace-dl code{white-space:pre-wrap;word-break:break-word}
.ks-progress{height:1.1rem;background:#eaeef2;border-radius:9px;overflow:hidden}
.ks-progress>span{display:block;height:100%;background:#1a7f37}
.ks-badge{display:inline-block;padding:0 .45rem;border-radius:9px;background:#ddf4ff;font-size:.8rem}
.ks-signin{max-width:24rem;margin:2rem auto}
.ks-form .ks-section{border:0;padding:0;margin:0 0 1.25rem;min-width:0}
.ks-form .ks-section>legend{font-size:1.1rem;font-weight:600;padding:0}
.ks-form .ks-field{display:block;margin:0 0 1rem}
.ks-form .ks-group{border:0;padding:0;margin:0;min-width:0}
.ks-form .ks-group>legend{font-weight:600;padding:0}
.ks-form textarea,.ks-form input[type=text],.ks-form input[type=number],.ks-form select{display:block;width:100%}
.ks-form .ks-choices{display:flex;flex-direction:column;gap:.2rem}.ks-form .ks-choices.ks-inline{flex-direction:row;flex-wrap:wrap;gap:.2rem 1rem}
.ks-form .ks-choice{display:flex;align-items:center;gap:.4rem;min-height:2.25rem}
.ks-form .ks-req{font-weight:400;color:#57606a}
.ks-form .ks-actions button{border-color:#1a7f37;background:#1a7f37;color:#fff}
.ks-form .ks-actions button.ks-secondary{background:#fff;color:#1f2328;border-color:#6e7781}
.ks-vh{position:absolute!important;width:1px!important;height:1px!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important}
[hidden]{display:none!important}
.ks-scroll{overflow-x:auto;max-width:100%}.ks-scroll>table.ks-table{min-width:36rem}
.ks-block{display:block}
.ks-weight{width:6.5rem}
.ks-check{flex-direction:row;align-items:center;gap:.5rem}
.ks-sum-ok{color:#1a7f37}.ks-sum-off{color:#a40e26}
fieldset{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.25rem .75rem .5rem}
legend{font-weight:600;padding:0 .25rem}
.ks-secret{border-left:4px solid #bf8700;background:#fff8c5;padding:.6rem .8rem;border-radius:4px}
.ks-secret input{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;width:100%}
.ks-checklist{list-style:none;margin:.25rem 0;padding:0;display:grid;gap:.2rem 1rem;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))}
.ks-diff td,.ks-diff th{font-size:.82rem}.ks-diff code{word-break:break-all}
:focus-visible{outline:3px solid #f5b400;outline-offset:2px}
@media (max-width:40rem){main{padding:.5rem}.ks-table{font-size:.82rem}}
`.trim();

/** The page's data for the scripts: JSON in a non-executable block (the CSP forbids inline scripts). */
function configBlock(config: unknown): string {
  const json = JSON.stringify(config)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, ' ');
  return `<script type="application/json" id="ks-config">${json}</script>`;
}

export interface FrameOptions {
  locale: Locale;
  page: ConsolePage;
  /** The request path with its query, for the language links and the sign-in return. */
  here: string;
  params: Record<string, string>;
  user: KsUser | null;
  /** Pages the user may open, for the navigation. */
  nav: readonly ConsolePage[];
  /** Instead of the page: a message (no access, no such page), status given by the caller. */
  message?: string;
  scriptName: string;
}

function withLang(here: string, locale: Locale): string {
  const url = new URL(here, 'http://x');
  url.searchParams.set('lang', locale);
  return url.pathname + url.search;
}

function navigation(options: FrameOptions): string {
  const { locale, nav, page } = options;
  const groups = (['mine', 'review', 'admin'] as NavGroup[])
    .map((group) => {
      const pages = nav
        .filter((p) => p.nav?.group === group)
        .sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0));
      if (!pages.length) return '';
      const links = pages
        .map(
          (p) =>
            `<li><a href="/console/${esc(p.path)}?lang=${locale}"${p === page ? ' aria-current="page"' : ''}>${esc(p.title[locale])}</a></li>`,
        )
        .join('');
      return `<span class="ks-group">${esc(NAV_GROUPS[group][locale])}</span><ul>${links}</ul>`;
    })
    .join('');
  return `<nav class="ks-nav" aria-label="${esc(COMMON_TEXTS.navigation[locale])}">${groups}</nav>`;
}

/**
 * A console page: skip link, top bar (navigation by permission, user, language switch), the heading, a
 * live region and the element the page script draws into. Every text is escaped; the script gets its
 * texts and parameters as JSON.
 */
export function renderConsolePage(options: FrameOptions): string {
  const { locale, page, user, message } = options;
  const T = (key: string) => COMMON_TEXTS[key][locale];
  const title = message ? message : page.title[locale];
  const lang = (l: Locale, name: string) =>
    `<a href="${esc(withLang(options.here, l))}" lang="${l}" hreflang="${l}"${l === locale ? ' aria-current="true"' : ''}>${name}</a>`;
  const top = [
    '<header class="ks-top">',
    `<a class="ks-brand" href="/console?lang=${locale}">${esc(T('product'))}</a>`,
    user ? navigation(options) : '<span class="ks-nav"></span>',
    '<div class="ks-user">',
    user
      ? `<span>${esc(user.displayName)}</span><button type="button" id="ks-sign-out">${esc(T('signOut'))}</button>`
      : '',
    `<span class="ks-lang" role="group" aria-label="${esc(T('language'))}">${lang('zh-CN', '中文')}${lang('en', 'English')}</span>`,
    '</div></header>',
  ].join('');
  const texts = Object.fromEntries(
    Object.entries({ ...COMMON_TEXTS, ...page.texts }).map(([key, text]) => [key, text[locale]]),
  );
  const config = { locale, params: options.params, user, texts };
  const scripts = message
    ? ''
    : `<script src="/console/assets/console.js"></script><script src="/console/assets/${esc(options.scriptName)}"></script>`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${esc(locale)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)} · Keyscore</title><style>${CONSOLE_CSS}</style></head>`,
    `<body data-state="${message ? 'ready' : 'loading'}">`,
    `<a class="ks-skip" href="#main">${esc(T('skip'))}</a>`,
    top,
    `<main id="main"><h1>${esc(title)}</h1>`,
    '<p id="ks-live" class="ks-live" role="status" aria-live="polite"></p>',
    message
      ? ''
      : `<div id="ks-page"><noscript>${esc(T('noScript'))}</noscript><p class="ks-meta">${esc(T('loading'))}</p></div>`,
    '</main>',
    configBlock(config),
    scripts,
    '</body></html>',
    '',
  ].join('\n');
}
