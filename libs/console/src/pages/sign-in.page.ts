import type { ConsolePage } from '../console-page';

/** Sign-in: email and password against POST /api/auth/login (sets the session cookie), then back. */
export const signInPage: ConsolePage = {
  path: 'sign-in',
  permission: 'public',
  title: { 'zh-CN': '登录', en: 'Sign in' },
  texts: {
    failed: { 'zh-CN': '邮箱或密码不正确。', en: 'The email or password is not right.' },
  },
  script: (ks) => {
    const { h } = ks;
    const email = h('input', {
      type: 'email',
      name: 'email',
      autocomplete: 'username',
      required: true,
      'data-pointer': '/body/email',
    });
    const password = h('input', {
      type: 'password',
      name: 'password',
      autocomplete: 'current-password',
      required: true,
      'data-pointer': '/body/password',
    });
    const form = h(
      'form',
      { class: 'ks-card ks-signin', id: 'ks-signin', novalidate: true },
      ks.field(ks.t('email'), email),
      ks.field(ks.t('password'), password),
      h('div', { class: 'ks-actions' }, h('button', { type: 'submit', class: 'ks-primary' }, ks.t('signIn'))),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const answer = await ks.api('POST', '/api/auth/login', {
        email: (email as HTMLInputElement).value,
        password: (password as HTMLInputElement).value,
      });
      if (!answer.ok) return ks.problem(answer.problem, form);
      const next =
        ks.params.next && ks.params.next.startsWith('/') && !ks.params.next.startsWith('//')
          ? ks.params.next
          : '/console';
      location.href = next;
    });
    ks.fill(ks.root, form);
    ks.ready();
  },
};
