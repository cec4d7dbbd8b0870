import { Permission } from '@keyscore/auth';
import type { KsUser } from './client/ks-client';
import type { ConsolePage } from './console-page';
import { renderConsolePage } from './render-console-page.util';

const page = (path: string, permission: ConsolePage['permission'], order = 1): ConsolePage => ({
  path,
  permission,
  title: { 'zh-CN': `页面 ${path}`, en: `Page ${path}` },
  nav: { group: 'mine', order },
  texts: { hello: { 'zh-CN': '你好', en: 'Hello' } },
  script: () => undefined,
});

const user: KsUser = {
  id: 'u1',
  displayName: '<b>李娜</b>',
  email: 'li.na@example.com',
  role: 'account_manager',
  personId: null,
  permissions: [Permission.TasksWork],
};

describe('renderConsolePage', () => {
  const inbox = page('inbox', Permission.TasksWork);
  const html = renderConsolePage({
    locale: 'zh-CN',
    page: inbox,
    here: '/console/inbox?lang=zh-CN&x=</script>',
    params: { id: '</script><script>alert(1)</script>' },
    user,
    nav: [inbox, page('my', Permission.TasksWork, 2)],
    scriptName: 'page-inbox.js',
  });

  it('is a page in the chosen language with a skip link, one h1, a live region and the scripts', () => {
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<a class="ks-skip" href="#main">跳到主要内容</a>');
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('<h1>页面 inbox</h1>');
    expect(html).toContain('role="status" aria-live="polite"');
    expect(html).toContain(
      '<script src="/console/assets/console.js"></script><script src="/console/assets/page-inbox.js">',
    );
  });

  it('marks the current page in the navigation and links the other language', () => {
    expect(html).toContain('href="/console/inbox?lang=zh-CN" aria-current="page">页面 inbox</a>');
    expect(html).toContain('href="/console/my?lang=zh-CN">页面 my</a>');
    expect(html).toMatch(/href="\/console\/inbox\?lang=en&amp;x=%3C%2Fscript%3E" lang="en"/);
  });

  it('escapes what users typed, in the markup and in the JSON for the script', () => {
    expect(html).toContain('&lt;b&gt;李娜&lt;/b&gt;');
    expect(html).not.toContain('<b>李娜</b>');
    expect(html).not.toContain('</script><script>alert(1)');
    const config = JSON.parse(
      html.split('<script type="application/json" id="ks-config">')[1].split('</script>')[0],
    );
    expect(config.params.id).toBe('</script><script>alert(1)</script>');
    expect(config.texts.hello).toBe('你好');
    expect(config.texts.signOut).toBe('退出登录');
  });

  it('shows a message instead of the page when access is refused, without page scripts', () => {
    const refused = renderConsolePage({
      locale: 'en',
      page: inbox,
      here: '/console/inbox',
      params: {},
      user,
      nav: [],
      scriptName: '',
      message: 'You may not open this page.',
    });
    expect(refused).toContain('<h1>You may not open this page.</h1>');
    expect(refused).not.toContain('/console/assets/');
    expect(refused).toContain('data-state="ready"');
  });
});
