import { renderPage } from './render-page.util';

describe('renderPage', () => {
  const page = renderPage({
    locale: 'zh-CN',
    title: '客户满意度调查 <2026>',
    bodyHtml: '<form method="post"></form>',
    langLinks: { zhCN: '/s/abc?lang=zh-CN', en: '/s/abc?lang=en&x=1' },
  });

  it('is a complete HTML5 page in the chosen language, readable on a phone', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('<title>客户满意度调查 &lt;2026&gt;</title>');
    expect(page).toContain('<h1>客户满意度调查 &lt;2026&gt;</h1>');
    expect(page).toContain('<form method="post"></form>');
    expect(page).toMatch(/<style>[^<]*@media \(max-width:30rem\)/);
  });

  it('switches language with plain links, the current one marked', () => {
    expect(page).toContain(
      '<a href="/s/abc?lang=zh-CN" lang="zh-CN" hreflang="zh-CN" aria-current="true">中文</a>',
    );
    expect(page).toContain('<a href="/s/abc?lang=en&amp;x=1" lang="en" hreflang="en">English</a>');
    expect(page).toContain('<nav class="ks-lang" aria-label="语言">');
  });

  it('loads nothing from elsewhere and runs no script', () => {
    expect(page).not.toMatch(/<script|<link|src=|@import|url\(|https?:/i);
    expect(page).not.toMatch(/ on\w+=/i);
  });

  it('leaves out the switch without links', () => {
    expect(renderPage({ locale: 'en', title: 'T', bodyHtml: '' })).not.toContain('<nav');
  });
});
