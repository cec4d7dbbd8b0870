import { KEY_ACCOUNT_OVERVIEW } from '../core/builtin-dashboards';
import { DASHBOARD_CLIENT_SCRIPT } from './dashboard-client';
import { renderDashboardPage, renderSignInPage } from './render-dashboard-page.util';

const choices = {
  periods: ['2026-Q3', '2026-Q2'],
  accountTypes: [{ value: 'multinational', label: { 'zh-CN': '跨国企业', en: 'Multinational' } }],
  regions: [{ value: '<east>', label: { 'zh-CN': '华东', en: '<East>' } }],
  departments: [],
  people: [],
};

describe('dashboard pages', () => {
  const page = (locale: 'zh-CN' | 'en') =>
    renderDashboardPage({
      locale,
      document: KEY_ACCOUNT_OVERVIEW,
      draft: false,
      filters: { period: '2026-Q2', accountType: null, region: null, department: null, person: null },
      choices,
      widgets: KEY_ACCOUNT_OVERVIEW.widgets.map((w) => ({
        id: w.id,
        title: w.title,
        type: w.type,
        size: { w: 6, h: 3 },
      })),
    });

  it('renders a tile per widget, the filters and the language switch, in the chosen language', () => {
    const html = page('zh-CN');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<h1>大客户总览</h1>');
    expect(html.match(/<section class="ks-widget"/g)).toHaveLength(KEY_ACCOUNT_OVERVIEW.widgets.length);
    expect(html).toContain('<option value="2026-Q2" selected>2026-Q2</option>');
    expect(html).toContain('hreflang="en"');
    expect(page('en')).toContain('<h1>Key-account overview</h1>');
  });

  it('has no inline script (the CSP forbids them) and escapes what it shows', () => {
    const html = page('en');
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    expect(
      scripts.every((tag) => /src="\/dashboards\/assets\//.test(tag) || /type="application\/json"/.test(tag)),
    ).toBe(true);
    expect(html).toContain('&lt;East&gt;');
    expect(html).not.toContain('<East>');
  });

  it('keeps the config block from closing its script element', () => {
    const html = renderSignInPage('en', '/dashboards/x?a=</script><script>alert(1)</script>');
    expect(html).not.toContain('</script><script>alert(1)');
  });

  it('serves a script that stands alone (nothing of the module it was written in)', () => {
    expect(DASHBOARD_CLIENT_SCRIPT).toMatch(/^"use strict";\n\(function dashboardClient\(\)/);
    expect(DASHBOARD_CLIENT_SCRIPT).not.toMatch(/require\(|\bexports\b|\w+_\d+\.\w/);
  });
});
