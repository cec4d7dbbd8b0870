import type { Locale } from '@keyscore/i18n';
import { escapeHtml as esc } from './escape-html.util';
import { FORM_TEXTS } from './messages';

export interface RenderPageOptions {
  readonly locale: Locale;
  readonly title: string;
  /** Trusted HTML (e.g. renderHtml's output); everything else given here is escaped. */
  readonly bodyHtml: string;
  /** The same page in each language, for the language switch. */
  readonly langLinks?: { readonly zhCN: string; readonly en: string };
}

/** Readable on a phone, large touch targets, visible focus; no web fonts, no images. */
export const PAGE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;font-size:16px;line-height:1.6;color:#1f2328;background:#f3f4f6}
.ks-header{display:flex;justify-content:flex-end;padding:.5rem 1rem;max-width:44rem;margin:0 auto}
.ks-lang a{margin-left:1rem;color:#0b57d0}
.ks-lang a[aria-current]{color:#1f2328;font-weight:600;text-decoration:none}
.ks-main{max-width:44rem;margin:0 auto 2rem;padding:1.25rem;background:#fff;border-radius:6px}
h1{font-size:1.5rem;line-height:1.3;margin:0 0 1rem}
.ks-form-desc{margin:0 0 1.5rem}
.ks-section{border:0;padding:0;margin:0 0 2rem;min-width:0}
.ks-section>legend{font-size:1.25rem;font-weight:600;padding:0;margin-bottom:.75rem}
.ks-field{margin:0 0 1.5rem}
.ks-field>label,.ks-group>legend{display:block;font-weight:600;padding:0;margin-bottom:.25rem}
.ks-group{border:0;padding:0;margin:0;min-width:0}
.ks-hint{color:#57606a;margin:0 0 .375rem;font-size:.9375rem}
.ks-error{color:#b42318;font-weight:600;margin:0 0 .375rem}
.ks-field-error{border-left:4px solid #b42318;padding-left:.75rem}
.ks-req{font-weight:400;color:#57606a}
input[type=text],input[type=email],input[type=url],input[type=number],input[type=date],select,textarea{display:block;width:100%;font:inherit;padding:.5rem .625rem;border:2px solid #6e7781;border-radius:4px;background:#fff;color:inherit}
textarea{min-height:6rem;resize:vertical}
[aria-invalid=true]{border-color:#b42318}
:focus-visible{outline:3px solid #f5b400;outline-offset:2px}
.ks-choices{display:flex;flex-direction:column;gap:.25rem}
.ks-choice{display:flex;align-items:center;gap:.5rem;min-height:2.75rem;position:relative}
.ks-choice input{width:1.375rem;height:1.375rem;margin:0;flex:none}
.ks-choice label{margin:0}
.ks-choice label::after{content:"";position:absolute;inset:0}
.ks-choices.ks-inline{flex-direction:row;flex-wrap:wrap;gap:.5rem}
.ks-inline .ks-choice{flex:1 1 auto;justify-content:center;min-width:2.75rem;padding:.25rem .75rem;border:1px solid #8c959f;border-radius:6px;background:#fff}
.ks-inline .ks-choice:has(input:checked){border-color:#0b57d0;background:#ddf4ff;box-shadow:inset 0 0 0 1px #0b57d0}
.ks-choices.ks-rating{display:grid;grid-template-columns:repeat(5,minmax(0,1fr))}
.ks-rating .ks-choice{padding:.25rem .375rem;gap:.375rem;min-width:0}
.ks-choices.ks-nps{display:grid;grid-template-columns:repeat(11,minmax(0,1fr));gap:.375rem}
.ks-nps .ks-choice{flex-direction:column;gap:.125rem;padding:.375rem 0;min-width:0}
.ks-table-wrap{overflow-x:auto;position:relative}
.ks-likert-table{border-collapse:collapse;width:100%;font-size:.9375rem}
.ks-likert-table th,.ks-likert-table td{padding:.5rem .25rem;text-align:center;border-bottom:1px solid #d0d7de;font-weight:400}
.ks-likert-table thead th{font-size:.8125rem;color:#57606a}
.ks-likert-table th[scope=row]{text-align:left;min-width:8rem}
.ks-likert-table input{width:1.375rem;height:1.375rem;margin:0}
.ks-output{display:block;padding:.25rem 0;font-size:1.25rem;font-weight:600}
.ks-error-summary{border:3px solid #b42318;border-radius:4px;padding:1rem;margin:0 0 1.5rem}
.ks-error-summary h2{font-size:1.125rem;margin:0 0 .5rem}
.ks-error-summary ul{margin:0;padding-left:1.25rem}
.ks-error-summary a{color:#b42318;font-weight:600}
.ks-actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
button{font:inherit;min-height:2.75rem;padding:.5rem 1.5rem;border-radius:4px;border:2px solid #1a7f37;background:#1a7f37;color:#fff;cursor:pointer}
button.ks-secondary{background:#fff;color:#1f2328;border-color:#6e7781}
.ks-vh{position:absolute!important;width:1px!important;height:1px!important;margin:-1px!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important;border:0!important}
[hidden]{display:none!important}
@media (max-width:30rem){.ks-main{padding:1rem .875rem;border-radius:0}.ks-actions button{flex:1 1 100%}
.ks-choices.ks-nps{grid-template-columns:repeat(6,minmax(0,1fr))}
.ks-rating .ks-choice{flex-direction:column;gap:.125rem;padding:.375rem .125rem;min-width:0;text-align:center;line-height:1.3}
.ks-likert-table,.ks-likert-table thead,.ks-likert-table tbody{display:block}
.ks-likert-table tr{display:grid;grid-template-columns:repeat(var(--ks-points,5),minmax(0,1fr));align-items:center}
.ks-likert-table thead td{display:none}
.ks-likert-table th,.ks-likert-table td{display:block;border:0;padding:.25rem .125rem}
.ks-likert-table tbody tr{border-bottom:1px solid #d0d7de;padding:.375rem 0}
.ks-likert-table th[scope=row]{grid-column:1/-1;min-width:0;font-weight:600;padding-bottom:0}
.ks-likert-table td{min-height:2.75rem;display:flex;align-items:center;justify-content:center}
.ks-likert-table input{width:1.75rem;height:1.75rem}}
`.trim();

/**
 * A complete HTML5 page around a form (or any trusted fragment): `lang`, the mobile viewport, a small inline
 * stylesheet, a language switch. No scripts and no external resources, so it works anywhere a browser does.
 */
export function renderPage(options: RenderPageOptions): string {
  const { locale, title, bodyHtml, langLinks } = options;
  const nav = langLinks
    ? [
        `<nav class="ks-lang" aria-label="${esc(FORM_TEXTS.language[locale])}">`,
        langLink(langLinks.zhCN, 'zh-CN', '中文', locale),
        langLink(langLinks.en, 'en', 'English', locale),
        '</nav>',
      ].join('')
    : '';
  return [
    '<!DOCTYPE html>',
    `<html lang="${esc(locale)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    nav ? `<header class="ks-header">${nav}</header>` : '',
    '<main class="ks-main">',
    `<h1>${esc(title)}</h1>`,
    bodyHtml,
    '</main>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line, i, all) => line !== '' || i === all.length - 1)
    .join('\n');
}

function langLink(href: string, lang: Locale, name: string, current: Locale): string {
  const currentAttr = lang === current ? ' aria-current="true"' : '';
  return `<a href="${esc(href)}" lang="${lang}" hreflang="${lang}"${currentAttr}>${esc(name)}</a>`;
}
