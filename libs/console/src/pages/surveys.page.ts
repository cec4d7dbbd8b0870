/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ApiProblem, Bi } from '../client/ks-client';
import type { ConsolePage } from '../console-page';
import { SURVEYS_TEXTS } from './surveys.texts';

/**
 * Customer satisfaction campaigns: create one from a published form version for chosen accounts (adding
 * contacts where an account has none), launch it and copy each contact's personal link — shown this once —,
 * follow the response rate per campaign and account, and close it.
 */
export const surveysPage: ConsolePage = {
  path: 'surveys',
  permission: Permission.SurveysManage,
  title: { 'zh-CN': '客户满意度调查', en: 'Customer surveys' },
  nav: { group: 'admin', order: 31 },
  texts: SURVEYS_TEXTS,
  script: async (ks) => {
    const { h, t } = ks;
    interface Campaign {
      id: string;
      name: Bi;
      form: { key: string; version: number };
      period: string;
      status: 'draft' | 'running' | 'closed';
      closesAt: string;
      minResponses: number;
      createdAt: string;
      launchedAt: string | null;
      closedAt: string | null;
      contacts?: number;
      opened?: number;
      submitted?: number;
      rate?: number;
      accounts?: {
        accountId: string;
        code: string | null;
        name: Bi | null;
        contacts: number;
        opened: number;
        submitted: number;
        rate: number;
      }[];
    }
    interface Account {
      id: string;
      code: string;
      name: string;
      nameEn: string;
    }
    interface Contact {
      id: string;
      name: string;
      email: string | null;
      title: string | null;
      locale: 'zh-CN' | 'en';
    }
    interface Link {
      accountId: string;
      contactId: string;
      name: string;
      email: string | null;
      locale: string;
      path: string;
      expiresAt: string;
    }
    interface FormDoc {
      key: string;
      publishedVersion: number | null;
    }

    document.head.append(
      h(
        'style',
        null,
        `.ks-sv-accounts{max-height:26rem;overflow:auto;border:1px solid #d0d7de;border-radius:6px;padding:.25rem .75rem;background:#fff}
.ks-sv-account{border-bottom:1px solid #eaeef2;padding:.35rem 0}
.ks-sv-account>label{display:flex;gap:.5rem;align-items:center;min-height:2rem;font-weight:600}
.ks-sv-account input[type=checkbox]{width:1.15rem;height:1.15rem;margin:0}
.ks-sv-contacts{margin:.25rem 0 .25rem 1.75rem;font-size:.9rem}
.ks-sv-contact-form{margin:.25rem 0 .5rem 1.75rem;padding:.5rem .75rem;background:#f6f8fa;border-radius:6px}
.ks-sv-campaign h3{margin:0 0 .25rem;font-size:1.05rem}
.ks-sv-rate{display:flex;gap:.75rem;align-items:center;flex-wrap:wrap}
.ks-sv-rate .ks-progress{flex:1 1 10rem;max-width:20rem}
.ks-sv-links input{width:100%;min-width:16rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
.ks-sv-grid{display:grid;gap:0 1rem;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr))}
.ks-sv-grid input,.ks-sv-grid select{width:100%}
.ks-sv-warn{margin:0;color:#9a6700;font-weight:600}
.ks-sv-once{border-left:4px solid #bf8700;background:#fff8c5;padding:.6rem .8rem;border-radius:4px;font-weight:600}
.ks-sv-badge-running{background:#dafbe1}.ks-sv-badge-closed{background:#eaeef2}.ks-sv-badge-draft{background:#fff8c5}`,
      ),
    );
    const q = (path: string) => path.split('/').map(encodeURIComponent).join('/');

    // ---- Campaigns ----
    const campaignsBox = h('div', { id: 'ks-campaigns' });
    const linksBox = h('div', { id: 'ks-links' });

    const loadCampaigns = async (): Promise<Campaign[] | null> => {
      const list = await ks.api<Campaign[]>('GET', '/api/surveys/campaigns');
      if (!list.ok) {
        ks.problem(list.problem);
        return null;
      }
      const detailed = await Promise.all(
        list.data.map(async (c) => {
          const one = await ks.api<Campaign>('GET', `/api/surveys/campaigns/${q(c.id)}`);
          return one.ok ? one.data : c;
        }),
      );
      return detailed.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    };

    const campaignCard = (c: Campaign): HTMLElement => {
      const headingId = `ks-campaign-${c.id}`;
      const rate = c.rate ?? 0;
      const actions = h('div', { class: 'ks-actions' });
      if (c.status === 'draft')
        actions.append(
          h(
            'button',
            { type: 'button', class: 'ks-primary', onclick: () => launch(c) },
            t('launch'),
            h('span', { class: 'ks-vh' }, ` ${ks.bi(c.name)}`),
          ),
        );
      if (c.status === 'running') {
        const confirm = h(
          'span',
          { hidden: true, class: 'ks-row' },
          h('span', null, t('closeConfirm')),
          h('button', { type: 'button', class: 'ks-danger', onclick: () => close(c) }, t('closeYes')),
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                confirm.hidden = true;
                ask.hidden = false;
                ask.focus();
              },
            },
            t('cancel'),
          ),
        );
        const ask = h(
          'button',
          {
            type: 'button',
            onclick: () => {
              ask.hidden = true;
              confirm.hidden = false;
              (confirm.querySelector('button') as HTMLButtonElement).focus();
            },
          },
          t('close'),
          h('span', { class: 'ks-vh' }, ` ${ks.bi(c.name)}`),
        );
        actions.append(ask, confirm);
      }
      const perAccount = (c.accounts ?? []).map((a) => [
        a.name ? `${ks.bi(a.name)}` : a.accountId,
        a.code ?? '—',
        a.contacts,
        a.opened,
        a.submitted,
        `${ks.num(a.rate, 1)}%`,
      ]);
      return h(
        'article',
        {
          class: 'ks-card ks-sv-campaign',
          'aria-labelledby': headingId,
          'data-campaign': c.id,
          'data-form': c.form.key,
          'data-status': c.status,
          'data-submitted': c.submitted ?? 0,
          'data-contacts': c.contacts ?? 0,
          'data-rate': rate,
        },
        h('h3', { id: headingId, tabindex: -1 }, ks.bi(c.name)),
        h(
          'p',
          { class: 'ks-meta' },
          h('span', { class: `ks-badge ks-sv-badge-${c.status}` }, t(`status.${c.status}`)),
          ' ',
          t('campaignMeta', {
            form: `${c.form.key} v${c.form.version}`,
            period: c.period,
            closes: ks.date(c.closesAt),
          }),
        ),
        c.status === 'draft'
          ? h('p', null, t('draftNote'))
          : h(
              'div',
              { class: 'ks-sv-rate' },
              h(
                'span',
                { class: 'ks-sv-rate-text' },
                t('rate', { submitted: c.submitted ?? 0, contacts: c.contacts ?? 0, rate: ks.num(rate, 1) }),
              ),
              h(
                'div',
                {
                  class: 'ks-progress',
                  role: 'progressbar',
                  'aria-label': t('rateLabel', { name: ks.bi(c.name) }),
                  'aria-valuemin': 0,
                  'aria-valuemax': 100,
                  'aria-valuenow': rate,
                },
                h('span', { style: `width:${Math.min(100, rate)}%` }),
              ),
              h('span', { class: 'ks-meta' }, t('opened', { opened: c.opened ?? 0 })),
            ),
        perAccount.length && c.status !== 'draft'
          ? h(
              'details',
              null,
              h('summary', null, t('perAccount')),
              ks.table(
                t('perAccountCaption', { name: ks.bi(c.name) }),
                ['account', 'code', 'contacts', 'opened', 'submitted', 'rate'].map((k) => t(`col.${k}`)),
                perAccount,
              ),
              h('p', { class: 'ks-hint' }, t('minResponses', { count: c.minResponses })),
            )
          : null,
        actions,
      );
    };

    const drawCampaigns = async (focusId?: string) => {
      const campaigns = await loadCampaigns();
      if (!campaigns) return;
      ks.fill(
        campaignsBox,
        campaigns.length ? campaigns.map(campaignCard) : h('p', { class: 'ks-meta' }, t('noCampaigns')),
      );
      if (focusId) document.getElementById(focusId)?.focus();
    };

    const launch = async (c: Campaign) => {
      const answer = await ks.api<{ campaign: Campaign; links: Link[] }>(
        'POST',
        `/api/surveys/campaigns/${q(c.id)}/launch`,
      );
      if (!answer.ok) return ks.problem(answer.problem, campaignsBox);
      ks.clearProblems(campaignsBox);
      showLinks(answer.data.campaign, answer.data.links);
      await drawCampaigns();
      ks.say(t('launched', { count: answer.data.links.length }));
      document.getElementById('ks-links-h')?.focus();
    };

    const close = async (c: Campaign) => {
      const answer = await ks.api<Campaign>('POST', `/api/surveys/campaigns/${q(c.id)}/close`);
      if (!answer.ok) return ks.problem(answer.problem, campaignsBox);
      ks.clearProblems(campaignsBox);
      await drawCampaigns(`ks-campaign-${c.id}`);
      ks.say(t('closed', { name: ks.bi(c.name) }));
    };

    // ---- The personal links, shown once after launching ----
    const accountNames = new Map<string, Account>();
    const showLinks = (campaign: Campaign, links: Link[]) => {
      const copy = async (text: string, input?: HTMLInputElement) => {
        try {
          await navigator.clipboard.writeText(text);
        } catch {
          // Without clipboard permission: select the text, so Ctrl+C / long-press copies it.
          input?.focus();
          input?.select();
          ks.say(t('copyManually'));
          return;
        }
        ks.say(t('copied'));
      };
      const rows = links.map((link, i) => {
        const url = location.origin + link.path;
        const account = accountNames.get(link.accountId);
        const field = h('input', {
          type: 'text',
          readonly: true,
          value: url,
          'data-link': url,
          'data-account': account?.code ?? link.accountId,
          'aria-label': t('linkFor', { name: link.name }),
          id: `ks-link-${i}`,
        }) as HTMLInputElement;
        return [
          account
            ? `${ks.locale === 'zh-CN' ? account.name : account.nameEn} (${account.code})`
            : link.accountId,
          link.name,
          link.email ?? '—',
          link.locale === 'en' ? 'English' : '中文',
          field,
          h(
            'button',
            { type: 'button', onclick: () => copy(url, field) },
            t('copy'),
            h('span', { class: 'ks-vh' }, ` ${t('linkFor', { name: link.name })}`),
          ),
        ];
      });
      const all = links
        .map((link) => `${link.name}\t${link.email ?? ''}\t${location.origin}${link.path}`)
        .join('\n');
      ks.fill(
        linksBox,
        h(
          'section',
          { class: 'ks-card ks-sv-links', 'aria-labelledby': 'ks-links-h' },
          h('h2', { id: 'ks-links-h', tabindex: -1 }, t('linksTitle', { name: ks.bi(campaign.name) })),
          h('p', { class: 'ks-sv-once', role: 'note' }, t('linksOnce', { date: ks.date(campaign.closesAt) })),
          ks.table(
            t('linksCaption'),
            ['account', 'contact', 'email', 'language', 'link', 'copy'].map((k) => t(`col.${k}`)),
            rows,
          ),
          h(
            'div',
            { class: 'ks-actions' },
            h('button', { type: 'button', onclick: () => copy(all) }, t('copyAll')),
          ),
        ),
      );
    };

    // ---- New campaign ----
    const forms = await ks.api<FormDoc[]>('GET', '/api/documents/form');
    const published = (forms.ok ? forms.data : []).filter((f) => f.publishedVersion);
    const titles = new Map<string, Bi>();
    await Promise.all(
      published.map(async (f) => {
        const v = await ks.api<{ content: { title?: Bi } }>(
          'GET',
          `/api/documents/form/${q(f.key)}/versions/${f.publishedVersion}`,
        );
        if (v.ok && v.data.content.title) titles.set(f.key, v.data.content.title);
      }),
    );
    const accountsAnswer = await ks.api<{ items: Account[] }>('GET', '/api/accounts?limit=500');
    const accounts = accountsAnswer.ok ? accountsAnswer.data.items : [];
    for (const a of accounts) accountNames.set(a.id, a);

    const today = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    const inMonth = new Date(today.getTime() + 30 * 86_400_000);
    let nameTouched = false;
    const nameZh = h('input', {
      id: 'ks-sv-name-zh',
      lang: 'zh-CN',
      maxlength: 200,
      required: true,
    }) as HTMLInputElement;
    const nameEn = h('input', {
      id: 'ks-sv-name-en',
      lang: 'en',
      maxlength: 200,
      required: true,
    }) as HTMLInputElement;
    for (const input of [nameZh, nameEn]) input.addEventListener('input', () => (nameTouched = true));
    const formSelect = h(
      'select',
      { id: 'ks-sv-form', 'data-pointer': '/body/form/key', required: true },
      h('option', { value: '' }, t('chooseForm')),
      published.map((f) =>
        h(
          'option',
          { value: f.key, selected: f.key === ks.params.form },
          `${titles.has(f.key) ? ks.bi(titles.get(f.key)) : f.key} (${f.key})`,
        ),
      ),
    ) as HTMLSelectElement;
    const versionSelect = h('select', {
      id: 'ks-sv-version',
      'data-pointer': '/body/form/version',
    }) as HTMLSelectElement;
    const period = h('input', {
      id: 'ks-sv-period',
      'data-pointer': '/body/period',
      value: `${today.getFullYear()}-Q${Math.floor(today.getMonth() / 3) + 1}`,
      pattern: '\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?',
      required: true,
    }) as HTMLInputElement;
    const closes = h('input', {
      id: 'ks-sv-closes',
      type: 'date',
      'data-pointer': '/body/closesAt',
      value: `${inMonth.getFullYear()}-${pad(inMonth.getMonth() + 1)}-${pad(inMonth.getDate())}`,
      required: true,
    }) as HTMLInputElement;
    const minResponses = h('input', {
      id: 'ks-sv-min',
      type: 'number',
      min: 1,
      max: 100,
      step: 1,
      value: 3,
      'data-pointer': '/body/minResponses',
    }) as HTMLInputElement;

    const fillName = () => {
      const title = titles.get(formSelect.value);
      if (nameTouched || !title) return;
      nameZh.value = `${title['zh-CN']} ${period.value}`;
      nameEn.value = `${title.en} ${period.value}`;
    };
    const loadVersions = async () => {
      ks.fill(versionSelect);
      if (!formSelect.value) return;
      const versions = await ks.api<{ version: number; publishedAt: string }[]>(
        'GET',
        `/api/documents/form/${q(formSelect.value)}/versions`,
      );
      const list = versions.ok ? [...versions.data].sort((a, b) => b.version - a.version) : [];
      ks.fill(
        versionSelect,
        list.map((v, i) =>
          h(
            'option',
            { value: v.version },
            i === 0
              ? t('latestVersion', { version: v.version, date: ks.date(v.publishedAt) })
              : t('version', { version: v.version, date: ks.date(v.publishedAt) }),
          ),
        ),
      );
    };
    formSelect.addEventListener('change', () => {
      fillName();
      void loadVersions();
    });
    period.addEventListener('input', fillName);

    // Accounts, with their contacts loaded once an account is chosen.
    const contactsOf = new Map<string, Contact[]>();
    const filter = h('input', {
      id: 'ks-sv-filter',
      type: 'search',
      autocomplete: 'off',
    }) as HTMLInputElement;
    const accountItems = accounts.map((a) => {
      const box = h('input', {
        type: 'checkbox',
        id: `ks-sv-acc-${a.id}`,
        value: a.id,
        'data-code': a.code,
      }) as HTMLInputElement;
      const contactLine = h('div', { class: 'ks-sv-contacts', hidden: true, 'aria-live': 'polite' });
      const item = h(
        'div',
        { class: 'ks-sv-account', 'data-account': a.code },
        h('label', { for: box.id }, box, `${ks.locale === 'zh-CN' ? a.name : a.nameEn} (${a.code})`),
        contactLine,
      );
      const drawContacts = (openForm = false) => {
        const list = contactsOf.get(a.id) ?? [];
        const formBox = h('div', { class: 'ks-sv-contact-form', hidden: !openForm });
        const addButton = h(
          'button',
          {
            type: 'button',
            'aria-expanded': openForm ? 'true' : 'false',
            onclick: () => {
              formBox.hidden = !formBox.hidden;
              addButton.setAttribute('aria-expanded', String(!formBox.hidden));
              if (!formBox.hidden) formBox.querySelector<HTMLInputElement>('input')?.focus();
            },
          },
          t('addContact'),
          h('span', { class: 'ks-vh' }, ` ${a.code}`),
        );
        const cName = h('input', {
          id: `ks-sv-c-${a.id}-name`,
          'data-pointer': '/body/name',
          maxlength: 200,
          required: true,
        });
        const cEmail = h('input', {
          id: `ks-sv-c-${a.id}-email`,
          type: 'email',
          'data-pointer': '/body/email',
          maxlength: 320,
        });
        const cTitle = h('input', {
          id: `ks-sv-c-${a.id}-title`,
          'data-pointer': '/body/title',
          maxlength: 200,
        });
        const cLocale = h(
          'select',
          { id: `ks-sv-c-${a.id}-locale`, 'data-pointer': '/body/locale' },
          h('option', { value: 'zh-CN' }, '中文'),
          h('option', { value: 'en', selected: ks.locale === 'en' }, 'English'),
        );
        const save = async () => {
          const body: Record<string, string> = {
            name: (cName as HTMLInputElement).value.trim(),
            locale: (cLocale as HTMLSelectElement).value,
          };
          const email = (cEmail as HTMLInputElement).value.trim();
          const title = (cTitle as HTMLInputElement).value.trim();
          if (email) body.email = email;
          if (title) body.title = title;
          if (!body.name) {
            const problem: ApiProblem = {
              statusCode: 422,
              code: 'invalid',
              message: t('fixMarked'),
              errors: [{ pointer: '/body/name', message: t('contactNameMissing') }],
            };
            return ks.problem(problem, formBox);
          }
          const answer = await ks.api<Contact>('POST', `/api/accounts/${q(a.id)}/contacts`, body);
          if (!answer.ok) return ks.problem(answer.problem, formBox);
          contactsOf.set(a.id, [...list, answer.data]);
          drawContacts();
          ks.say(t('contactAdded', { name: answer.data.name, account: a.code }));
          contactLine.querySelector<HTMLButtonElement>('button')?.focus();
        };
        ks.fill(
          formBox,
          h(
            'div',
            { class: 'ks-row' },
            ks.field(t('contactName'), cName),
            ks.field(t('contactEmail'), cEmail),
            ks.field(t('contactTitle'), cTitle),
            ks.field(t('contactLocale'), cLocale),
          ),
          h(
            'div',
            { class: 'ks-actions' },
            h('button', { type: 'button', class: 'ks-primary', onclick: save }, t('saveContact')),
          ),
        );
        for (const input of [cName, cEmail, cTitle])
          input.addEventListener('keydown', (event) => {
            if ((event as KeyboardEvent).key === 'Enter') {
              event.preventDefault();
              void save();
            }
          });
        ks.fill(
          contactLine,
          list.length
            ? h(
                'p',
                { style: 'margin:0' },
                t('contactsList', { count: list.length }),
                ' ',
                list.map((x) => `${x.name}${x.email ? ` <${x.email}>` : ''}`).join('; '),
              )
            : h('p', { class: 'ks-sv-warn' }, t('noContacts')),
          h('div', null, addButton),
          formBox,
        );
      };
      box.addEventListener('change', async () => {
        contactLine.hidden = !box.checked;
        if (!box.checked || contactsOf.has(a.id)) return;
        const answer = await ks.api<Contact[]>('GET', `/api/accounts/${q(a.id)}/contacts`);
        contactsOf.set(a.id, answer.ok ? answer.data : []);
        drawContacts(answer.ok && answer.data.length === 0);
      });
      return { account: a, box, item };
    });
    filter.addEventListener('input', () => {
      const needle = filter.value.trim().toLowerCase();
      for (const { account, item } of accountItems)
        item.hidden =
          needle !== '' &&
          ![account.code, account.name, account.nameEn].some((x) => x.toLowerCase().includes(needle));
    });
    const chosen = () => accountItems.filter((x) => x.box.checked);

    const campaignForm = h(
      'form',
      { id: 'ks-campaign-form', novalidate: true, 'aria-labelledby': 'ks-new-campaign' },
      h(
        'div',
        { class: 'ks-sv-grid' },
        ks.field(t('form'), formSelect),
        ks.field(t('formVersion'), versionSelect, t('formVersionHint')),
      ),
      h('div', { class: 'ks-sv-grid' }, ks.field(t('nameZh'), nameZh), ks.field(t('nameEn'), nameEn)),
      h(
        'div',
        { class: 'ks-sv-grid' },
        ks.field(t('period'), period, t('periodHint')),
        ks.field(t('closesAt'), closes, t('closesAtHint')),
        ks.field(t('minResponsesLabel'), minResponses, t('minResponsesHint')),
      ),
    ) as HTMLFormElement;
    const accountsBox = h(
      'fieldset',
      { class: 'ks-sv-pick', 'data-pointer': '/body/accountIds' },
      h('legend', null, t('accounts')),
      ks.field(t('filterAccounts'), filter),
      h(
        'div',
        { class: 'ks-sv-accounts' },
        accountItems.map((x) => x.item),
      ),
    );
    const createSection = h(
      'section',
      { class: 'ks-card', 'aria-labelledby': 'ks-new-campaign' },
      h('h2', { id: 'ks-new-campaign' }, t('newCampaign')),
      published.length ? null : h('p', { class: 'ks-problem' }, t('noPublishedForms')),
      campaignForm,
      accountsBox,
      h(
        'div',
        { class: 'ks-actions' },
        h('button', { type: 'submit', form: 'ks-campaign-form', class: 'ks-primary' }, t('createCampaign')),
      ),
    );
    campaignForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const picked = chosen();
      // The server's pointers into accountIds name the chosen accounts by position.
      accountItems.forEach((x) => x.box.removeAttribute('data-pointer'));
      picked.forEach((x, i) => x.box.setAttribute('data-pointer', `/body/accountIds/${i}`));
      const errors: { pointer: string; message: string }[] = [];
      if (!formSelect.value) errors.push({ pointer: '/body/form/key', message: t('chooseFormError') });
      if (!picked.length) errors.push({ pointer: '/body/accountIds', message: t('chooseAccounts') });
      if (!closes.value) errors.push({ pointer: '/body/closesAt', message: t('closesMissing') });
      if (!nameZh.value.trim() || !nameEn.value.trim())
        errors.push({ pointer: '/body/name', message: t('nameMissing') });
      if (errors.length) {
        const problem: ApiProblem = { statusCode: 422, code: 'invalid', message: t('fixMarked'), errors };
        return ks.problem(problem, createSection);
      }
      const body = {
        name: { 'zh-CN': nameZh.value.trim(), en: nameEn.value.trim() },
        form: {
          key: formSelect.value,
          ...(versionSelect.value ? { version: Number(versionSelect.value) } : {}),
        },
        period: period.value.trim(),
        accountIds: picked.map((x) => x.account.id),
        closesAt: new Date(`${closes.value}T23:59:59`).toISOString(),
        minResponses: Number(minResponses.value) || 3,
      };
      const answer = await ks.api<Campaign>('POST', '/api/surveys/campaigns', body);
      if (!answer.ok) return ks.problem(answer.problem, createSection);
      ks.clearProblems(createSection);
      nameTouched = false;
      await drawCampaigns(`ks-campaign-${answer.data.id}`);
      ks.say(t('created', { name: ks.bi(answer.data.name) }));
    });
    nameZh.setAttribute('data-pointer', '/body/name');

    ks.fill(
      ks.root,
      linksBox,
      h(
        'section',
        { 'aria-labelledby': 'ks-campaigns-h' },
        h('h2', { id: 'ks-campaigns-h' }, t('campaigns')),
        campaignsBox,
      ),
      createSection,
    );
    await drawCampaigns();
    if (formSelect.value) {
      fillName();
      await loadVersions();
    }
    ks.ready();
  },
};
