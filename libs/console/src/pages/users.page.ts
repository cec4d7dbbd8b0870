/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { Bilingual } from '@keyscore/i18n';
import { ROLES, type Role } from '@keyscore/persistence';
import type { ConsolePage } from '../console-page';

const ROLE_TEXTS: Record<Role, Bilingual> = {
  admin: { 'zh-CN': '绩效管理员', en: 'Administrator' },
  reviewer: { 'zh-CN': '评审人', en: 'Reviewer' },
  account_manager: { 'zh-CN': '客户经理', en: 'Account manager' },
  viewer: { 'zh-CN': '只读用户', en: 'Viewer' },
};

/** Users: who may sign in, with which role and as which person of the directory; and a form to add one. */
export const usersPage: ConsolePage = {
  path: 'users',
  permission: Permission.UsersManage,
  title: { 'zh-CN': '用户', en: 'Users' },
  nav: { group: 'admin', order: 50 },
  texts: {
    roles: { 'zh-CN': ROLES.join(','), en: ROLES.join(',') },
    ...Object.fromEntries(Object.entries(ROLE_TEXTS).map(([role, text]) => [`role.${role}`, text])),
    list: { 'zh-CN': '用户', en: 'Users' },
    'col.name': { 'zh-CN': '姓名', en: 'Name' },
    'col.email': { 'zh-CN': '邮箱', en: 'Email' },
    'col.role': { 'zh-CN': '角色', en: 'Role' },
    'col.person': { 'zh-CN': '对应人员', en: 'Person' },
    'col.created': { 'zh-CN': '创建时间', en: 'Created' },
    'col.state': { 'zh-CN': '状态', en: 'State' },
    active: { 'zh-CN': '正常', en: 'active' },
    disabled: { 'zh-CN': '已停用', en: 'disabled' },
    newUser: { 'zh-CN': '新建用户', en: 'New user' },
    displayName: { 'zh-CN': '姓名', en: 'Name' },
    email: { 'zh-CN': '邮箱', en: 'Email' },
    role: { 'zh-CN': '角色', en: 'Role' },
    person: { 'zh-CN': '对应人员', en: 'Person in the directory' },
    personHint: {
      'zh-CN': '客户经理和评审人需要关联人员，才能看到其负责的客户',
      en: 'Account managers and reviewers need one: it decides which accounts they see',
    },
    noPerson: { 'zh-CN': '不关联', en: 'None' },
    password: { 'zh-CN': '初始密码', en: 'Initial password' },
    passwordHint: {
      'zh-CN': '至少 12 个字符；请通过安全渠道告知本人',
      en: 'At least 12 characters; hand it over safely',
    },
    create: { 'zh-CN': '创建用户', en: 'Create user' },
    created: { 'zh-CN': '用户 {email} 已创建。', en: 'User {email} created.' },
  },
  script: async (ks) => {
    const { h, t } = ks;
    interface User {
      id: string;
      email: string;
      displayName: string;
      role: string;
      personId: string | null;
      disabledAt: string | null;
      createdAt: string;
    }
    interface Person {
      id: string;
      name: string;
      email: string;
      title: string;
    }
    const peopleAnswer = ks.can('directory:read') ? await ks.api<Person[]>('GET', '/api/people') : null;
    const people = peopleAnswer?.ok ? peopleAnswer.data : [];
    const personName = (id: string | null) => {
      if (!id) return '—';
      const p = people.find((x) => x.id === id);
      return p ? `${p.name} · ${p.title}` : id;
    };

    const list = h('div', { class: 'ks-scroll', id: 'ks-users' });
    const drawUsers = async () => {
      const answer = await ks.api<User[]>('GET', '/api/users');
      if (!answer.ok) return ks.problem(answer.problem, list);
      ks.fill(
        list,
        ks.table(
          t('list'),
          ['name', 'email', 'role', 'person', 'created', 'state'].map((c) => t(`col.${c}`)),
          answer.data.map((u) => [
            h('strong', null, u.displayName),
            u.email,
            t(`role.${u.role}`),
            personName(u.personId),
            ks.date(u.createdAt),
            u.disabledAt ? t('disabled') : t('active'),
          ]),
        ),
      );
    };

    const field = (
      name: string,
      type: string,
      pointer: string,
      extra: Record<string, string | boolean> = {},
    ) => h('input', { type, name, required: true, 'data-pointer': pointer, ...extra }) as HTMLInputElement;
    const displayName = field('displayName', 'text', '/body/displayName', { autocomplete: 'off' });
    const email = field('email', 'email', '/body/email', { autocomplete: 'off' });
    const password = field('password', 'password', '/body/password', {
      autocomplete: 'new-password',
      minlength: '12',
    });
    const role = h(
      'select',
      { name: 'role', 'data-pointer': '/body/role' },
      t('roles')
        .split(',')
        .map((r) => h('option', { value: r, selected: r === 'account_manager' }, t(`role.${r}`))),
    ) as HTMLSelectElement;
    const person = h(
      'select',
      { name: 'personId', 'data-pointer': '/body/personId' },
      h('option', { value: '' }, t('noPerson')),
      [...people]
        .sort((a, b) => a.name.localeCompare(b.name, ks.locale))
        .map((p) => h('option', { value: p.id }, `${p.name} · ${p.title} (${p.email})`)),
    ) as HTMLSelectElement;
    const form = h(
      'form',
      { class: 'ks-card', id: 'ks-new-user', novalidate: true, 'aria-labelledby': 'ks-new-user-h' },
      h('h2', { id: 'ks-new-user-h' }, t('newUser')),
      h(
        'div',
        { class: 'ks-row' },
        ks.field(t('displayName'), displayName),
        ks.field(t('email'), email),
        ks.field(t('role'), role),
        ks.field(t('person'), person, t('personHint')),
        ks.field(t('password'), password, t('passwordHint')),
      ),
      h('div', { class: 'ks-actions' }, h('button', { type: 'submit', class: 'ks-primary' }, t('create'))),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const answer = await ks.api<User>('POST', '/api/users', {
        displayName: displayName.value.trim(),
        email: email.value.trim(),
        role: role.value,
        password: password.value,
        ...(person.value ? { personId: person.value } : {}),
      });
      if (!answer.ok) return ks.problem(answer.problem, form);
      ks.clearProblems(form);
      (form as HTMLFormElement).reset();
      await drawUsers();
      ks.say(t('created', { email: answer.data.email }));
    });

    await drawUsers();
    ks.fill(ks.root, h('section', { class: 'ks-card', 'aria-label': t('list') }, list), form);
    ks.ready();
  },
};
