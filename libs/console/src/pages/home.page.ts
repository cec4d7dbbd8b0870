import type { ConsolePage } from '../console-page';

/** The start page: the open tasks, and the sections the user may open (those of the navigation). */
export const homePage: ConsolePage = {
  path: '',
  permission: null,
  title: { 'zh-CN': '工作台', en: 'Home' },
  texts: {
    welcome: { 'zh-CN': '您好，{name}', en: 'Hello, {name}' },
    openTasks: { 'zh-CN': '您有 {count} 项待办任务', en: 'You have {count} open tasks' },
    toInbox: { 'zh-CN': '打开待办', en: 'Open the inbox' },
  },
  script: async (ks) => {
    const { h } = ks;
    const sections = [...document.querySelectorAll<HTMLElement>('.ks-nav .ks-group')].map((group) => {
      const list = group.nextElementSibling;
      const links = [...(list?.querySelectorAll<HTMLAnchorElement>('a') ?? [])];
      return h(
        'section',
        { class: 'ks-card' },
        h('h2', null, group.textContent),
        h(
          'ul',
          null,
          links.map((a) => h('li', null, h('a', { href: a.getAttribute('href') }, a.textContent))),
        ),
      );
    });
    const parts: HTMLElement[] = [h('p', null, ks.t('welcome', { name: ks.user.displayName }))];
    if (ks.can('tasks:work')) {
      const inbox = await ks.api<unknown[]>('GET', '/api/inbox');
      if (inbox.ok)
        parts.push(
          h(
            'p',
            { class: 'ks-card' },
            ks.t('openTasks', { count: inbox.data.length }),
            ' ',
            h('a', { href: `/console/inbox?lang=${ks.locale}` }, ks.t('toInbox')),
          ),
        );
    }
    ks.fill(ks.root, parts, h('div', { class: 'ks-grid' }, sections));
    ks.ready();
  },
};
