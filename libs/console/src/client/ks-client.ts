/// <reference lib="dom" />
/**
 * The console's shared page helpers, installed as `window.ks` by /console/assets/console.js before a page's
 * own script runs. Page scripts are the text of one function each (see console-script.ts), so they reach
 * these helpers through `window.ks`, typed by the `Ks` interface below.
 */

export interface Bi {
  'zh-CN': string;
  en: string;
}

export interface ApiProblem {
  statusCode: number;
  code: string;
  message: string;
  errors?: { pointer: string; message: string }[];
}

export interface ApiAnswer<T> {
  ok: boolean;
  status: number;
  data: T;
  problem: ApiProblem | null;
}

export interface KsUser {
  id: string;
  displayName: string;
  email: string;
  role: string;
  personId: string | null;
  permissions: string[];
}

/** A DOM child: an element, text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false | readonly Child[];
export type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** The parts of a scoring-engine account score (libs/scoring AccountScore) that the pages show. */
export interface ScorecardView {
  score: number | null;
  rating: string | null;
  ratingLabel: Bi | null;
  coverage: number | null;
  gates: { kpi: string; status: string; cap: number }[];
  trace: { renormalisation: { unknown: string[] } };
  kpis: {
    kpi: string;
    status: string;
    valueState: string | null;
    value: number | null;
    target: number | null;
    score: number | null;
    effectiveWeight: number;
    contribution: number;
    inputs: ({ value: number | null; state: string; source?: string | null } | null)[];
    window: { period: string; value: number | null }[] | null;
    adjustments: {
      kind: string;
      reason: Bi | string;
      approver: string | null;
      effect: { on: string; from: number | null; to: number | null };
    }[];
    note: Bi | null;
    definition: {
      name: Bi;
      formula: string;
      weight: number;
      metrics: string[];
      rule: unknown;
      targetRule: unknown;
    };
  }[];
}

export interface AccountName {
  id: string;
  code: string;
  name: string;
  accountType: string;
}

/** A document of the document store, as GET /api/documents/:kind/:key answers; `C` is its content. */
export interface DocumentView<C = unknown> {
  key: string;
  status: string;
  revision: number;
  publishedVersion: number | null;
  draft: C | null;
  draftErrors: { pointer: string; message: Bi }[];
}

/** A document's problem: its pointer into the content, its message in the caller's language. */
export interface DocumentProblem {
  pointer: string;
  message: string;
}

/**
 * One document's draft as a page edits it (`ks.documentDraft`): the document on the server, whether it was
 * edited since it was loaded or saved, and the calls that load, save, check and publish it. The page keeps
 * the content itself and hands it to `save`.
 */
export interface DocumentDraft<C> {
  /** `/api/documents/:kind/:key`. */
  readonly path: string;
  /** The document as last read, saved, or read again after publishing. */
  readonly view: DocumentView<C>;
  /** Edited since it was loaded or saved (the page sets it; `save` clears it). */
  dirty: boolean;
  /**
   * Reads the document, then the content to edit: its draft, else its latest published version. `ok`: the
   * document was read; `problem`: it, or its version, could not be; `content` is null when there is neither
   * a draft nor a version, or the version could not be read.
   */
  load(): Promise<{ ok: boolean; problem: ApiProblem | null; content: C | null }>;
  /** Edited and unsaved, saved as a draft, or the same as the latest published version. */
  state(): 'unsaved' | 'draft' | 'published';
  /**
   * Saves the content as the draft (PUT …/draft with the revision it was based on; 409: someone saved
   * first). Once saved, `view` is the answer and `dirty` false.
   */
  save(content: C): Promise<ApiAnswer<DocumentView<C>>>;
  /** Checks the saved draft (POST …/validate). */
  check(): Promise<ApiAnswer<{ valid: boolean; errors: { pointer: string; message: string }[] }>>;
  /** Publishes the saved draft as a new version (POST …/publish), then reads `view` again. */
  publish(): Promise<ApiAnswer<{ version: number }>>;
  /**
   * Problems as the API gives them (a view's draftErrors, a refusal's or a check's errors) with their
   * pointers into the content (without /draft or /body/content) and their messages in the caller's language.
   */
  problems(errors: readonly { pointer: string; message: string | Bi }[] | undefined): DocumentProblem[];
  /** While `dirty`, leaving the page asks first (beforeunload), with `message` where a browser shows one. */
  guardLeave(message?: string): void;
}

/** A document in a list with the content it shows: its draft, else its latest published version. */
export interface DocumentEntry<C> {
  doc: DocumentView<C>;
  /** Null when it has neither, or the version could not be read. */
  content: C | null;
}

/** What `ks.newDocumentForm` needs besides the shared texts. */
export interface NewDocumentOptions<C> {
  kind: string;
  /** The form's id. */
  id: string;
  heading: string;
  keyHint: string;
  /** The start-from choice of an empty document. */
  empty: string;
  /** The documents a new one may copy (those with content are offered). */
  entries: readonly DocumentEntry<C>[];
  /** The page's own fields, after the start-from choice. */
  fields?: HTMLElement[];
  /** Called when another start is chosen (null: an empty document). */
  onSource?: (source: C | null) => void;
  /** The new document's content from the chosen start (null: an empty one), with its key and name. */
  content: (source: C | null, named: { key: string; title: Bi }) => Record<string, unknown>;
  /** Where to go once it is created. */
  open: (key: string) => string;
}

export interface Ks {
  locale: 'zh-CN' | 'en';
  /** Route parameters (e.g. `id` of /console/tasks/:id) and the query string. */
  params: Record<string, string>;
  user: KsUser;
  /** The page's `<div id="ks-page">`, where a page script draws. */
  root: HTMLElement;
  /**
   * A text of the page or the common set, with `{name}` placeholders filled; when `params.count` is 1 and
   * there is a text `key1`, that one (English singulars).
   */
  t(key: string, params?: Record<string, string | number>): string;
  /** The caller's language of a bilingual text. */
  bi(text: Bi | null | undefined): string;
  can(permission: string): boolean;
  /** JSON over the API with the session cookie and the CSRF header; never throws for an HTTP status. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>>;
  /** Creates an element: attributes (`on…` functions become listeners), then children. */
  h(tag: string, attrs?: Attrs | null, ...children: Child[]): HTMLElement;
  /** Replaces an element's children. */
  fill(element: Element, ...children: Child[]): void;
  /** Announces a message in the page's live region. */
  say(message: string, kind?: 'ok' | 'error'): void;
  /**
   * Shows an API problem: the message in the live region, and each `{pointer, message}` next to the control
   * whose `data-pointer` matches (aria-invalid, aria-describedby), else in a list at the top of `scope`.
   */
  problem(problem: ApiProblem | null, scope?: Element): void;
  /** Removes the messages `problem` added inside `scope`. */
  clearProblems(scope?: Element): void;
  num(value: unknown, decimals?: number): string;
  date(value: string | null | undefined): string;
  /** A labelled control: `<label for>` + the control (given an id when it has none). */
  field(label: string, control: HTMLElement, hint?: string): HTMLElement;
  /** A table from column titles and rows of cells. */
  table(caption: string, columns: string[], rows: Child[][]): HTMLElement;
  /** An account's score with its trace: total, rating, coverage, gates, and per KPI inputs and rules. */
  scorecard(card: ScorecardView): HTMLElement;
  /** The accounts the caller may see, by id, named in the caller's language (one call, then kept). */
  accounts(): Promise<Map<string, AccountName>>;
  /**
   * A published workflow version's step titles in the caller's language, by step id (one call per version,
   * then kept); an unknown step id reads as itself.
   */
  stepTitles(key: string, version: number): Promise<(stepId: string) => string>;
  /** A document's draft to load, save, check and publish (see `DocumentDraft`); nothing is read yet. */
  documentDraft<C>(kind: string, key: string): DocumentDraft<C>;
  /** The documents of a kind (GET /api/documents/:kind), each with the content it shows. */
  documents<C>(kind: string): Promise<ApiAnswer<DocumentEntry<C>[]>>;
  /**
   * The form that creates a document: key, name in both languages, what to start from (empty, or a copy
   * of one of `entries`) and the page's own fields. A missing name is refused at its field; then it POSTs
   * /api/documents/:kind and opens the new one. Reads key, titleZh, titleEn, from, fromCopy, createButton
   * and titleRequired from the page's texts (DOCUMENT_LIST_TEXTS in pages/document-texts.ts).
   */
  newDocumentForm<C extends { title?: Bi }>(options: NewDocumentOptions<C>): HTMLElement;
  /** Marks the page ready (tests wait for `body[data-state="ready"]`). */
  ready(): void;
}

export function ksClient(): void {
  const configElement = document.getElementById('ks-config');
  if (!configElement) return;
  const config = JSON.parse(configElement.textContent || '{}') as {
    locale: 'zh-CN' | 'en';
    params: Record<string, string>;
    user: KsUser;
    texts: Record<string, string>;
  };
  let counter = 0;
  const live = document.getElementById('ks-live') as HTMLElement;

  const h = (tag: string, attrs?: Attrs | null, ...children: Child[]): HTMLElement => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs ?? {})) {
      if (value === null || value === undefined || value === false) continue;
      if (typeof value === 'function') element.addEventListener(name.slice(2), value);
      else if (value === true) element.setAttribute(name, '');
      else element.setAttribute(name, String(value));
    }
    append(element, children);
    return element;
  };
  function append(element: Element, children: readonly Child[]): void {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) append(element, child);
      else element.append(typeof child === 'object' ? (child as Node) : String(child));
    }
  }
  const t = (key: string, params?: Record<string, string | number>): string => {
    const chosen = params?.count === 1 && Object.hasOwn(config.texts, `${key}1`) ? `${key}1` : key;
    const text = Object.hasOwn(config.texts, chosen) ? config.texts[chosen] : key;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && Object.hasOwn(params, name) ? String(params[name]) : whole,
    );
  };
  const bi = (text: Bi | null | undefined) => (text ? text[config.locale] || text.en : '');
  const num = (value: unknown, decimals = 1) =>
    typeof value === 'number' && Number.isFinite(value)
      ? value.toLocaleString(config.locale, { maximumFractionDigits: decimals })
      : '—';
  const date = (value: string | null | undefined) =>
    value ? new Date(value).toLocaleString(config.locale, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
  const say = (message: string, kind: 'ok' | 'error' = 'ok') => {
    live.className = `ks-live ks-live-${kind}`;
    live.textContent = message;
  };

  async function api<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-language': config.locale,
      'x-keyscore-csrf': '1',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      const problem = { statusCode: 0, code: 'network', message: t('networkError') };
      return { ok: false, status: 0, data: null as T, problem };
    }
    if (response.status === 401 && !path.startsWith('/api/auth/')) {
      location.href = `/console/sign-in?lang=${config.locale}&next=${encodeURIComponent(location.pathname + location.search)}`;
    }
    const text = await response.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
    const problem = response.ok
      ? null
      : data && typeof data === 'object' && 'message' in data
        ? (data as ApiProblem)
        : { statusCode: response.status, code: 'http', message: `HTTP ${response.status}` };
    return { ok: response.ok, status: response.status, data: data as T, problem };
  }

  function clearProblems(scope: Element = document.body): void {
    scope.querySelectorAll('.ks-problem').forEach((node) => node.remove());
    scope.querySelectorAll('[aria-invalid="true"]').forEach((node) => {
      node.removeAttribute('aria-invalid');
      const described = (node.getAttribute('aria-describedby') || '')
        .split(' ')
        .filter((id) => id && !id.startsWith('ks-problem-'));
      if (described.length) node.setAttribute('aria-describedby', described.join(' '));
      else node.removeAttribute('aria-describedby');
    });
  }

  function problem(answer: ApiProblem | null, scope: Element = ks.root): void {
    clearProblems(scope);
    if (!answer) return;
    say(answer.message, 'error');
    const unplaced: { pointer: string; message: string }[] = [];
    for (const error of answer.errors ?? []) {
      const control = [...scope.querySelectorAll<HTMLElement>('[data-pointer]')].find(
        (node) => node.dataset.pointer === error.pointer,
      );
      if (!control) {
        unplaced.push(error);
        continue;
      }
      const id = `ks-problem-${++counter}`;
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute(
        'aria-describedby',
        [control.getAttribute('aria-describedby'), id].filter(Boolean).join(' '),
      );
      control.insertAdjacentElement('afterend', h('p', { class: 'ks-problem', id }, error.message));
    }
    const list = h(
      'div',
      { class: 'ks-problem ks-problem-box', role: 'alert' },
      h('p', null, answer.message),
      unplaced.length
        ? h(
            'ul',
            null,
            unplaced.map((e) => h('li', null, e.message, ' ', h('code', null, e.pointer))),
          )
        : null,
    );
    scope.prepend(list);
  }

  function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
    if (!control.id) control.id = `ks-field-${++counter}`;
    const hintId = hint ? `${control.id}-hint` : null;
    if (hintId) control.setAttribute('aria-describedby', hintId);
    return h(
      'div',
      { class: 'ks-field' },
      h('label', { for: control.id }, label),
      control,
      hint ? h('p', { class: 'ks-hint', id: hintId }, hint) : null,
    );
  }

  function table(caption: string, columns: string[], rows: Child[][]): HTMLElement {
    return h(
      'table',
      { class: 'ks-table' },
      h('caption', null, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          columns.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((cells) =>
          h(
            'tr',
            null,
            cells.map((c) => h('td', null, c)),
          ),
        ),
      ),
    );
  }

  /** An account's scorecard: the total with rating and coverage, then one row per KPI with its trace. */
  function scorecard(card: ScorecardView): HTMLElement {
    const kpiRows = card.kpis.map((k) => {
      const d = k.definition;
      const inputs = d.metrics.map((metric, i) => {
        const input = k.inputs[i];
        return h(
          'li',
          null,
          h('code', null, metric),
          ': ',
          !input
            ? t('noValue')
            : input.state === 'sealed'
              ? h('span', { class: 'ks-sealed' }, t('sealed'))
              : num(input.value, 2),
          input
            ? ` (${t(`state.${input.state}`)}${input.source ? ', ' + t(`source.${input.source}`) : ''})`
            : '',
        );
      });
      const adjustments = k.adjustments.map((a) =>
        h(
          'li',
          null,
          `${t(`adjustment.${a.kind}`)}: ${typeof a.reason === 'string' ? a.reason : bi(a.reason)} `,
          `(${t(`trace.${a.effect.on}`)} ${num(a.effect.from, 2)} → ${num(a.effect.to, 2)})`,
        ),
      );
      return h(
        'tr',
        { 'data-kpi': k.kpi },
        h(
          'th',
          { scope: 'row' },
          h(
            'details',
            { class: 'ks-trace' },
            h('summary', null, bi(d.name)),
            h(
              'dl',
              { class: 'ks-trace-dl' },
              h('dt', null, t('trace.formula')),
              h('dd', null, h('code', null, d.formula)),
              h('dt', null, t('trace.inputs')),
              h('dd', null, h('ul', null, inputs)),
              h('dt', null, t('trace.rule')),
              h('dd', null, h('code', null, JSON.stringify(d.rule))),
              h('dt', null, t('trace.targetRule')),
              h('dd', null, h('code', null, JSON.stringify(d.targetRule))),
              k.window
                ? [
                    h('dt', null, t('trace.window')),
                    h('dd', null, k.window.map((w) => `${w.period}: ${num(w.value, 2)}`).join(' · ')),
                  ]
                : null,
              adjustments.length
                ? [h('dt', null, t('trace.adjustments')), h('dd', null, h('ul', null, adjustments))]
                : null,
              k.note ? [h('dt', null, t('trace.note')), h('dd', null, bi(k.note))] : null,
            ),
          ),
        ),
        h(
          'td',
          null,
          k.valueState === 'sealed' ? h('span', { class: 'ks-sealed' }, t('sealed')) : num(k.value, 2),
        ),
        h('td', null, num(k.target, 2)),
        h('td', null, num(k.score, 2)),
        h('td', null, `${num(d.weight, 2)} → ${num(k.effectiveWeight, 2)}`),
        h('td', null, num(k.contribution, 2)),
        h('td', null, k.valueState ? t(`state.${k.valueState}`) : t(`status.${k.status}`)),
      );
    });
    const breached = card.gates.filter((g) => g.status === 'breached');
    return h(
      'section',
      { class: 'ks-scorecard', 'aria-label': t('scorecard') },
      h(
        'p',
        { class: 'ks-score-head' },
        h('span', { class: 'ks-score-total', 'data-score': card.score ?? '' }, num(card.score, 2)),
        card.rating ? h('span', { class: 'ks-rating' }, `${card.rating} ${bi(card.ratingLabel)}`) : null,
        h(
          'span',
          { class: 'ks-meta' },
          t('coverage', { value: card.coverage === null ? '—' : `${num(card.coverage * 100, 0)}%` }),
        ),
      ),
      breached.length
        ? h(
            'p',
            { class: 'ks-gate', role: 'note' },
            t('gateBreached', { kpis: breached.map((g) => g.kpi).join(', ') }),
          )
        : null,
      card.trace.renormalisation.unknown.length
        ? h(
            'p',
            { class: 'ks-meta' },
            t('renormalised', { kpis: card.trace.renormalisation.unknown.join(', ') }),
          )
        : null,
      h(
        'table',
        { class: 'ks-table' },
        h('caption', null, t('scorecard')),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['kpi', 'value', 'target', 'score', 'weight', 'contribution', 'state'].map((c) =>
              h('th', { scope: 'col' }, t(`col.${c}`)),
            ),
          ),
        ),
        h('tbody', null, kpiRows),
      ),
    );
  }

  let accountNames: Promise<Map<string, AccountName>> | null = null;
  function accounts(): Promise<Map<string, AccountName>> {
    accountNames ??= api<{
      items: { id: string; code: string; name: string; nameEn: string | null; accountType: string }[];
    }>('GET', '/api/accounts?limit=500').then(
      (answer) =>
        new Map(
          (answer.ok ? answer.data.items : []).map((a) => [
            a.id,
            {
              id: a.id,
              code: a.code,
              name: config.locale === 'en' && a.nameEn ? a.nameEn : a.name,
              accountType: a.accountType,
            },
          ]),
        ),
    );
    return accountNames;
  }

  const workflows = new Map<string, Promise<(stepId: string) => string>>();
  function stepTitles(key: string, version: number): Promise<(stepId: string) => string> {
    const id = `${key}@${version}`;
    let titles = workflows.get(id);
    if (!titles) {
      titles = api<{ content: { steps: { id: string; title: Bi }[] } }>(
        'GET',
        `/api/documents/workflow/${encodeURIComponent(key)}/versions/${version}`,
      ).then((answer) => {
        const byId = new Map(
          (answer.ok ? answer.data.content.steps : []).map((step) => [step.id, bi(step.title)]),
        );
        return (stepId: string) => byId.get(stepId) ?? stepId;
      });
      workflows.set(id, titles);
    }
    return titles;
  }

  function documentDraft<C>(kind: string, key: string): DocumentDraft<C> {
    const path = `/api/documents/${kind}/${encodeURIComponent(key)}`;
    let view: DocumentView<C> = {
      key,
      status: '',
      revision: 0,
      publishedVersion: null,
      draft: null,
      draftErrors: [],
    };
    const session: DocumentDraft<C> = {
      path,
      get view() {
        return view;
      },
      dirty: false,
      async load() {
        const read = await api<DocumentView<C>>('GET', path);
        if (!read.ok) return { ok: false, problem: read.problem, content: null };
        view = read.data;
        if (view.draft || !view.publishedVersion) return { ok: true, problem: null, content: view.draft };
        const version = await api<{ content: C }>('GET', `${path}/versions/${view.publishedVersion}`);
        return version.ok
          ? { ok: true, problem: null, content: version.data.content }
          : { ok: true, problem: version.problem, content: null };
      },
      state: () => (session.dirty ? 'unsaved' : view.draft ? 'draft' : 'published'),
      async save(content) {
        const answer = await api<DocumentView<C>>('PUT', `${path}/draft`, {
          content,
          revision: view.revision,
        });
        if (answer.ok) {
          view = answer.data;
          session.dirty = false;
        }
        return answer;
      },
      check: () => api('POST', `${path}/validate`),
      async publish() {
        const answer = await api<{ version: number }>('POST', `${path}/publish`);
        if (answer.ok) {
          const again = await api<DocumentView<C>>('GET', path);
          if (again.ok) view = again.data;
        }
        return answer;
      },
      problems: (errors) =>
        (errors ?? []).map((e) => ({
          pointer: e.pointer.replace(/^\/(draft|body\/content)(?=\/|$)/, ''),
          message: typeof e.message === 'string' ? e.message : bi(e.message),
        })),
      guardLeave(message) {
        window.addEventListener('beforeunload', (event) => {
          if (!session.dirty) return;
          event.preventDefault();
          if (message !== undefined) event.returnValue = message;
        });
      },
    };
    return session;
  }

  async function documents<C>(kind: string): Promise<ApiAnswer<DocumentEntry<C>[]>> {
    const list = await api<DocumentView<C>[]>('GET', `/api/documents/${kind}`);
    if (!list.ok) return { ...list, data: [] };
    const data = await Promise.all(
      list.data.map(async (doc): Promise<DocumentEntry<C>> => {
        if (doc.draft || !doc.publishedVersion) return { doc, content: doc.draft };
        const version = await api<{ content: C }>(
          'GET',
          `/api/documents/${kind}/${encodeURIComponent(doc.key)}/versions/${doc.publishedVersion}`,
        );
        return { doc, content: version.ok ? version.data.content : null };
      }),
    );
    return { ...list, data };
  }

  function newDocumentForm<C extends { title?: Bi }>(options: NewDocumentOptions<C>): HTMLElement {
    const text = (name: string, pointer: string) =>
      h('input', { type: 'text', name, required: true, 'data-pointer': pointer }) as HTMLInputElement;
    const key = h('input', {
      type: 'text',
      name: 'key',
      required: true,
      'data-pointer': '/body/key',
      spellcheck: false,
    }) as HTMLInputElement;
    const titleZh = text('titleZh', '/body/content/title/zh-CN');
    const titleEn = text('titleEn', '/body/content/title/en');
    const from = h(
      'select',
      { name: 'from' },
      h('option', { value: '' }, options.empty),
      options.entries
        .filter((e) => e.content)
        .map((e) =>
          h(
            'option',
            { value: e.doc.key },
            t('fromCopy', { title: bi(e.content?.title) || e.doc.key, key: e.doc.key }),
          ),
        ),
    ) as HTMLSelectElement;
    const source = () => options.entries.find((e) => e.doc.key === from.value)?.content ?? null;
    const form = h(
      'form',
      { class: 'ks-card', id: options.id, novalidate: true },
      h('h2', null, options.heading),
      h(
        'div',
        { class: 'ks-grid' },
        field(t('key'), key, options.keyHint),
        field(t('titleZh'), titleZh),
        field(t('titleEn'), titleEn),
        field(t('from'), from),
        options.fields,
      ),
      h(
        'div',
        { class: 'ks-actions' },
        h('button', { type: 'submit', class: 'ks-primary' }, t('createButton')),
      ),
    );
    const { onSource } = options;
    if (onSource) from.addEventListener('change', () => onSource(source()));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const newKey = key.value.trim();
      const title = { 'zh-CN': titleZh.value.trim(), en: titleEn.value.trim() };
      const missing = (['zh-CN', 'en'] as const).filter((l) => !title[l]);
      if (missing.length) {
        const message = t('titleRequired');
        return problem(
          {
            statusCode: 422,
            code: 'console.title_required',
            message,
            errors: missing.map((l) => ({ pointer: `/body/content/title/${l}`, message })),
          },
          form,
        );
      }
      const content = options.content(source(), { key: newKey, title });
      const created = await api('POST', `/api/documents/${options.kind}`, { key: newKey, content });
      if (!created.ok) return problem(created.problem, form);
      location.href = options.open(newKey);
    });
    return form;
  }

  const root = document.getElementById('ks-page') as HTMLElement;
  const ks: Ks = {
    locale: config.locale,
    params: config.params,
    user: config.user,
    root,
    t,
    bi,
    can: (permission) => config.user.permissions.includes(permission),
    api,
    h,
    fill: (element, ...children) => {
      element.replaceChildren();
      append(element, children);
    },
    say,
    problem,
    clearProblems,
    num,
    date,
    field,
    table,
    scorecard,
    accounts,
    stepTitles,
    documentDraft,
    documents,
    newDocumentForm,
    ready: () => {
      document.body.dataset.state = 'ready';
    },
  };
  (window as unknown as { ks: Ks }).ks = ks;

  const signOut = document.getElementById('ks-sign-out');
  signOut?.addEventListener('click', async () => {
    await api('POST', '/api/auth/logout');
    location.href = `/console/sign-in?lang=${config.locale}`;
  });
}
