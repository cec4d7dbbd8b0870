/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ApiProblem } from '../client/ks-client';
import type { ConsolePage } from '../console-page';
import { DASHBOARD_DESIGNER_TEXTS } from './dashboard-designer.texts';

/**
 * The dashboard designer: the widgets in order (add, remove, move), a form per widget, and a formula editor
 * per measure that completes fields and functions (GET /api/formula/catalog), computes the widget on the
 * server as the page will (POST /api/dashboards/preview-widget) and underlines a formula's error where it is.
 */
export const dashboardDesignerPage: ConsolePage = {
  path: 'dashboards/:key',
  permission: Permission.DocumentsWrite,
  title: { 'zh-CN': '仪表盘设计器', en: 'Dashboard designer' },
  texts: DASHBOARD_DESIGNER_TEXTS,
  script: async (ks) => {
    interface Bi {
      'zh-CN': string;
      en: string;
    }
    interface Measure {
      key: string;
      label: Bi;
      formula: string;
      format?: string;
      decimals?: number | string;
    }
    interface Widget {
      id: string;
      type: string;
      title: Bi;
      description?: Bi;
      dataset: string;
      size?: { w?: number; h?: number };
      groupBy?: string[];
      measures: Measure[];
      where?: string;
      periods?: number | string;
      sort?: { by: string; order?: string };
      limit?: number | string;
      target?: { value?: number | string; formula?: string };
      trend?: number | string;
    }
    interface Doc {
      key: string;
      title: Bi;
      description?: Bi;
      periodKind?: string;
      filters?: string[];
      defaults?: { period?: string; accountType?: string; region?: string };
      widgets: Widget[];
    }
    interface Problem {
      pointer: string;
      message: string;
    }
    interface WidgetProblem {
      code: string;
      pointer: string;
      message: Bi;
      formula?: string;
      position?: { start: number; length: number; line: number; column: number };
    }
    type Cell = number | string | null | { error: string };
    interface Preview {
      id: string;
      ok: boolean;
      error?: WidgetProblem;
      card?: { value: Cell; target: Cell; previous: Cell; trend: { period: string; value: Cell }[] };
      dimensions?: { field: string; label: Bi }[];
      measures?: { key: string; label: Bi; format: string; decimals?: number }[];
      rows?: { key: (string | number | null)[]; labels: (Bi | null)[]; values: Cell[] }[];
      total?: number;
      periods?: string[];
      problems: WidgetProblem[];
    }
    interface CatalogField {
      name: string;
      type: string;
      label: Bi;
      dimension: boolean;
    }
    interface CatalogFunction {
      name: string;
      aliases: string[];
      signature: string;
      description: Bi;
    }
    interface Catalog {
      datasets: { key: string; label: Bi; description: Bi }[];
      fields: CatalogField[];
      functions: CatalogFunction[];
    }
    interface Suggestion {
      kind: 'field' | 'function';
      name: string;
      detail: string;
    }
    interface Editor {
      pointer: string;
      input: HTMLInputElement;
      show(problem: WidgetProblem | null): void;
      result: HTMLElement | null;
    }

    const { h, t } = ks;
    const key = ks.params.key ?? '';
    const WIDGET_TYPES = ['number', 'bar', 'line', 'pie', 'radar', 'table', 'heatmap', 'scatter'];
    const FORMATS = ['number', 'integer', 'percent', 'currency', 'score'];
    const FILTERS = ['period', 'accountType', 'region', 'department', 'person'];

    document.head.append(
      h(
        'style',
        null,
        `main{max-width:120rem}
.ks-db-grid{display:grid;gap:1rem;grid-template-columns:18rem minmax(0,1fr);align-items:start}
.ks-db-list{list-style:none;margin:0;padding:0}
.ks-db-list li{border:1px solid #d0d7de;border-radius:4px;padding:.4rem .5rem;margin:0 0 .5rem;background:#fff}
.ks-db-list li[aria-current="true"]{border-color:#bf8700;box-shadow:0 0 0 2px #f5b40066}
.ks-db-list .ks-actions{margin:.3rem 0 0}
.ks-db-list button{padding:.15rem .5rem;font-size:.85rem}
.ks-linkbutton{border:0;background:none;padding:0;color:#0b57d0;text-decoration:underline;cursor:pointer;text-align:left;font-weight:600}
.ks-db-editor fieldset{border:1px solid #d0d7de;border-radius:4px;margin:.75rem 0;padding:.25rem .75rem .75rem}
.ks-db-editor legend{font-weight:600}
.ks-db-measure{border-top:1px dashed #d0d7de;margin-top:.5rem;padding-top:.25rem}
.ks-db-combo{position:relative}
.ks-db-combo input{width:100%;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.ks-db-suggestions{position:absolute;left:0;right:0;top:100%;z-index:10;margin:2px 0 0;padding:0;list-style:none;background:#fff;border:1px solid #6e7781;border-radius:4px;max-height:16rem;overflow:auto;box-shadow:0 4px 12px #0002}
.ks-db-suggestions li{padding:.3rem .5rem;cursor:pointer;display:flex;gap:.5rem;align-items:baseline}
.ks-db-suggestions li[aria-selected="true"]{background:#ddf4ff;outline:2px solid #0b57d0;outline-offset:-2px}
.ks-db-suggestions .ks-meta{font-size:.8rem}
.ks-db-underline{margin:.25rem 0 0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-all}
.ks-db-underline mark{background:#ffebe9;color:#a40e26;text-decoration:underline wavy #cf222e;text-underline-offset:3px}
.ks-db-result{display:block;margin:.25rem 0 0;font-weight:600}
.ks-db-card{font-size:2rem;font-weight:700}
.ks-db-json pre{white-space:pre-wrap;word-break:break-word;max-height:24rem;overflow:auto;background:#f6f8fa;padding:.5rem;font-size:.8rem}
.ks-db-editor input[type=text],.ks-db-editor select{min-width:12rem}
@media (max-width:50rem){.ks-db-grid{grid-template-columns:1fr}}`,
      ),
    );

    // ---- Load: the draft, or the latest published version to start a draft from.
    const draft = ks.documentDraft<Doc>('dashboard', key);
    const loaded = await draft.load();
    if (loaded.problem || !loaded.content) {
      if (loaded.problem) ks.problem(loaded.problem);
      else ks.say(t('notFound'), 'error');
      return ks.ready();
    }
    const doc = loaded.content;
    if (!Array.isArray(doc.widgets)) doc.widgets = [];
    const catalogAnswer = await ks.api<Catalog>('GET', '/api/formula/catalog');
    const catalog: Catalog = catalogAnswer.ok
      ? catalogAnswer.data
      : { datasets: [], fields: [], functions: [] };
    const fieldCache = new Map<string, CatalogField[]>();
    const fieldsOf = async (dataset: string): Promise<CatalogField[]> => {
      const hit = fieldCache.get(dataset);
      if (hit) return hit;
      const answer = await ks.api<Catalog>(
        'GET',
        `/api/formula/catalog?dataset=${encodeURIComponent(dataset)}`,
      );
      const fields = answer.ok ? answer.data.fields : [];
      fieldCache.set(dataset, fields);
      return fields;
    };

    let selected: number | null = doc.widgets.length ? 0 : null;
    let docErrors: Problem[] = draft.problems(draft.view.draftErrors);
    let previewProblems: Problem[] = [];
    let counter = 0;
    const editors: Editor[] = [];

    const uid = (prefix: string) => `ks-db-${prefix}-${++counter}`;
    const titleOf = (w: Widget | undefined) => (w ? ks.bi(w.title) || w.id : '');
    const input = (attrs: Record<string, string | number | boolean | null | undefined>) =>
      h('input', { type: 'text', ...attrs }) as HTMLInputElement;
    const onValue = <E extends HTMLElement>(
      control: E,
      handler: (value: string) => void,
      event = 'input',
    ): E => {
      control.addEventListener(event, () => handler((control as unknown as HTMLInputElement).value));
      return control;
    };
    const select = (
      options: { value: string; label: string }[],
      value: string,
      attrs: Record<string, string> = {},
    ) =>
      h(
        'select',
        attrs,
        options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)),
      ) as HTMLSelectElement;
    const optionalNumber = (v: string) => (v === '' ? undefined : Number.isFinite(Number(v)) ? Number(v) : v);
    const format = (cell: Cell | undefined, kind = 'number', decimals?: number | string) => {
      if (cell === null || cell === undefined) return '—';
      if (typeof cell === 'object') return cell.error;
      if (typeof cell === 'string') return cell;
      const d = typeof decimals === 'number' ? decimals : undefined;
      if (kind === 'percent') return `${ks.num(cell * 100, d ?? 1)}%`;
      if (kind === 'integer') return ks.num(cell, 0);
      if (kind === 'currency') return ks.num(cell, d ?? 0);
      if (kind === 'score') return ks.num(cell, d ?? 1);
      return ks.num(cell, d ?? 2);
    };

    // ---- The page's parts.
    const status = h('p', { class: 'ks-meta', id: 'ks-db-status' });
    const jsonBox = h('pre', { id: 'ks-db-json' });
    const header = h('section', {
      class: 'ks-card',
      id: 'ks-db-header',
      'aria-labelledby': 'ks-db-h-dashboard',
    });
    const listBox = h('section', {
      class: 'ks-card',
      id: 'ks-db-widgets',
      'aria-labelledby': 'ks-db-h-widgets',
    });
    const editorBox = h('section', {
      class: 'ks-card ks-db-editor',
      id: 'ks-db-editor',
      'aria-labelledby': 'ks-db-h-widget',
    });
    const previewBox = h('div', { id: 'ks-db-preview', 'aria-live': 'off' });
    const problemsBox = h('section', {
      class: 'ks-card',
      id: 'ks-db-problems',
      'aria-labelledby': 'ks-db-h-problems',
    });

    const updateStatus = () => {
      status.textContent = t('statusLine', {
        key,
        version: draft.view.publishedVersion ?? '—',
        state: t(`state.${draft.state()}`),
      });
      jsonBox.textContent = JSON.stringify(doc, null, 2);
    };
    /** What the last save found about these places no longer holds once they are edited (or renumbered). */
    const forget = (test: (pointer: string) => boolean) => {
      const before = docErrors.length;
      docErrors = docErrors.filter((e) => !test(e.pointer));
      if (docErrors.length !== before) {
        drawProblems();
        placeInline();
      }
    };
    const renumbered = () => forget((p) => p === '/widgets' || p.startsWith('/widgets/'));
    const changed = (preview = true) => {
      draft.dirty = true;
      updateStatus();
      if (preview) schedulePreview();
    };

    // ---- The dashboard's own fields.
    function drawHeader(): void {
      const text = (pointer: string, value: string, set: (v: string) => void) =>
        onValue(input({ value, 'data-pointer': pointer }), (v) => {
          set(v);
          changed(false);
          forget((p) => p === pointer || p.startsWith(`${pointer}/`));
          if (pointer.startsWith('/title')) drawList();
        });
      const description = (locale: 'zh-CN' | 'en') =>
        text(`/description/${locale}`, doc.description?.[locale] ?? '', (v) => {
          const next = {
            'zh-CN': doc.description?.['zh-CN'] ?? '',
            en: doc.description?.en ?? '',
            [locale]: v,
          };
          if (!next['zh-CN'] && !next.en) delete doc.description;
          else doc.description = next;
        });
      const periodKind = onValue(
        select(
          ['quarter', 'month'].map((p) => ({ value: p, label: t(`periodKind.${p}`) })),
          doc.periodKind ?? 'quarter',
          { 'data-pointer': '/periodKind' },
        ),
        (v) => {
          doc.periodKind = v;
          changed();
        },
        'change',
      );
      const filters = h(
        'fieldset',
        { 'data-pointer': '/filters' },
        h('legend', null, t('filters')),
        FILTERS.map((f) => {
          const box = h('input', {
            type: 'checkbox',
            id: uid('filter'),
            checked: (doc.filters ?? []).includes(f),
          }) as HTMLInputElement;
          box.addEventListener('change', () => {
            const set = new Set(doc.filters ?? []);
            if (box.checked) set.add(f);
            else set.delete(f);
            doc.filters = FILTERS.filter((x) => set.has(x));
            changed(false);
          });
          return h('span', null, box, ' ', h('label', { for: box.id }, t(`filter.${f}`)), ' ');
        }),
      );
      ks.fill(
        header,
        h('h2', { id: 'ks-db-h-dashboard' }, t('dashboard')),
        h(
          'div',
          { class: 'ks-grid' },
          ks.field(
            t('titleZh'),
            text(
              '/title/zh-CN',
              doc.title?.['zh-CN'] ?? '',
              (v) => (doc.title = { ...doc.title, 'zh-CN': v }),
            ),
          ),
          ks.field(
            t('titleEn'),
            text('/title/en', doc.title?.en ?? '', (v) => (doc.title = { ...doc.title, en: v })),
          ),
          ks.field(t('descriptionZh'), description('zh-CN')),
          ks.field(t('descriptionEn'), description('en')),
          ks.field(t('periodKind'), periodKind),
        ),
        filters,
        status,
      );
    }

    // ---- The widgets in order.
    function drawList(): void {
      const items = doc.widgets.map((w, i) => {
        const title = titleOf(w);
        const move = (to: number) => () => {
          const [widget] = doc.widgets.splice(i, 1);
          doc.widgets.splice(to, 0, widget!);
          if (selected === i) selected = to;
          else if (selected === to) selected = i;
          renumbered();
          drawList();
          drawEditor();
          changed(false);
          ks.say(t('moved', { title, n: to + 1 }));
          (listBox.querySelector(`[data-widget-index="${to}"] button`) as HTMLElement | null)?.focus();
        };
        return h(
          'li',
          { 'data-widget-index': i, 'data-widget': w.id, 'aria-current': i === selected ? 'true' : null },
          h(
            'button',
            {
              type: 'button',
              class: 'ks-linkbutton',
              onclick: () => {
                selected = i;
                drawList();
                void drawEditor(true);
              },
            },
            title,
          ),
          h('div', { class: 'ks-meta' }, t('widgetLine', { type: t(`type.${w.type}`), dataset: w.dataset })),
          h(
            'div',
            { class: 'ks-actions' },
            h(
              'button',
              {
                type: 'button',
                'aria-label': t('moveUpOf', { title }),
                disabled: i === 0,
                onclick: move(i - 1),
              },
              t('moveUp'),
            ),
            h(
              'button',
              {
                type: 'button',
                'aria-label': t('moveDownOf', { title }),
                disabled: i === doc.widgets.length - 1,
                onclick: move(i + 1),
              },
              t('moveDown'),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'ks-danger',
                'aria-label': t('removeOf', { title }),
                onclick: () => {
                  doc.widgets.splice(i, 1);
                  if (selected !== null && selected >= doc.widgets.length)
                    selected = doc.widgets.length ? doc.widgets.length - 1 : null;
                  renumbered();
                  drawList();
                  void drawEditor();
                  changed(false);
                  ks.say(t('removed', { title }));
                },
              },
              t('remove'),
            ),
          ),
        );
      });
      const type = select(
        WIDGET_TYPES.map((x) => ({ value: x, label: t(`type.${x}`) })),
        'number',
        { id: 'ks-db-new-type' },
      );
      const add = h(
        'form',
        { id: 'ks-db-add' },
        ks.field(t('newWidgetType'), type),
        h('div', { class: 'ks-actions' }, h('button', { type: 'submit' }, t('addWidget'))),
      );
      add.addEventListener('submit', (event) => {
        event.preventDefault();
        const widget = newWidget(type.value);
        doc.widgets.push(widget);
        selected = doc.widgets.length - 1;
        renumbered();
        drawList();
        void drawEditor(true);
        changed();
        ks.say(t('added', { title: titleOf(widget) }));
      });
      ks.fill(
        listBox,
        h('h2', { id: 'ks-db-h-widgets' }, t('widgets')),
        items.length ? h('ol', { class: 'ks-db-list' }, items) : h('p', { class: 'ks-meta' }, t('noWidgets')),
        add,
      );
    }

    function newWidget(type: string): Widget {
      let n = doc.widgets.length + 1;
      while (doc.widgets.some((w) => w.id === `widget_${n}`)) n++;
      const measure = (k: string, zh: string, en: string, formula: string): Measure => ({
        key: k,
        label: { 'zh-CN': zh, en },
        formula,
        format: 'number',
      });
      const widget: Widget = {
        id: `widget_${n}`,
        type,
        title: { 'zh-CN': `新组件 ${n}`, en: `New widget ${n}` },
        dataset: 'metric_values',
        measures: [measure('revenue', '收入', 'Revenue', 'SUM(revenue)')],
      };
      if (type === 'heatmap') widget.groupBy = ['region', 'account_type'];
      else if (type === 'scatter') {
        widget.groupBy = ['account_id'];
        widget.measures.push(measure('target', '收入目标', 'Revenue target', 'SUM(target)'));
      } else if (type !== 'number') widget.groupBy = ['account_type'];
      return widget;
    }

    // ---- The formula editor: completion of fields and functions, the error underlined where it is.
    function formulaEditor(options: {
      label: string;
      value: string;
      pointer: string;
      dataset: string;
      fields: CatalogField[];
      withResult: boolean;
      onChange: (value: string) => void;
    }): HTMLElement {
      const id = uid('formula');
      const listId = `${id}-list`;
      const hintId = `${id}-hint`;
      const messageId = `${id}-message`;
      const control = input({
        id,
        value: options.value,
        role: 'combobox',
        'aria-autocomplete': 'list',
        'aria-expanded': 'false',
        'aria-controls': listId,
        'aria-describedby': hintId,
        autocomplete: 'off',
        autocapitalize: 'off',
        spellcheck: false,
        'data-pointer': options.pointer,
        'data-formula': 'true',
      });
      const list = h('ul', {
        id: listId,
        role: 'listbox',
        class: 'ks-db-suggestions',
        'aria-label': t('suggestions'),
        hidden: true,
      });
      const underline = h('p', { class: 'ks-db-underline', hidden: true, 'data-underline': options.pointer });
      const message = h('p', { class: 'ks-problem', id: messageId, hidden: true });
      const result = options.withResult
        ? h('output', { class: 'ks-db-result', for: id }, t('resultNone'))
        : null;
      let items: Suggestion[] = [];
      let active = -1;
      let wordStart = 0;
      let said = '';

      const close = () => {
        list.hidden = true;
        control.setAttribute('aria-expanded', 'false');
        control.removeAttribute('aria-activedescendant');
        items = [];
        active = -1;
      };
      const activate = (i: number) => {
        active = i;
        [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
        const li = list.children[i] as HTMLElement | undefined;
        if (li) {
          control.setAttribute('aria-activedescendant', li.id);
          li.scrollIntoView({ block: 'nearest' });
        }
      };
      const suggest = () => {
        const caret = control.selectionStart ?? control.value.length;
        const before = control.value.slice(0, caret);
        const word = /[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*$/.exec(before);
        const inText = (before.match(/"/g) ?? []).length % 2 === 1;
        if (!word || inText || /[@[]$/.test(before.slice(0, before.length - word[0].length))) return close();
        wordStart = caret - word[0].length;
        const prefix = word[0].toLowerCase();
        // Names that start with what was typed come first (functions first when it is typed in capitals),
        // then fields whose name in words contains it.
        const typed = word[0];
        const capitals = typed === typed.toUpperCase() && /[A-Z]/.test(typed);
        const fieldNamed = options.fields.filter((f) => f.name.toLowerCase().startsWith(prefix));
        const fieldLabelled = options.fields.filter(
          (f) => !f.name.toLowerCase().startsWith(prefix) && ks.bi(f.label).toLowerCase().includes(prefix),
        );
        const asField = (f: CatalogField): Suggestion => ({
          kind: 'field',
          name: f.name,
          detail: `${ks.bi(f.label)} · ${t(`fieldType.${f.type}`)}`,
        });
        const functions: Suggestion[] = catalog.functions
          .filter(
            (f) =>
              f.name.toLowerCase().startsWith(prefix) ||
              f.aliases.some((a) => a.toLowerCase().startsWith(prefix)),
          )
          .map((f) => ({
            kind: 'function',
            name: f.name,
            detail: `${f.signature} — ${ks.bi(f.description)}`,
          }));
        const named = fieldNamed.map(asField);
        const ranked = capitals ? [...functions, ...named] : [...named, ...functions];
        items = [...ranked, ...fieldLabelled.map(asField)].slice(0, 12);
        if (!items.length || (items.length === 1 && items[0]!.name.toLowerCase() === prefix)) return close();
        ks.fill(
          list,
          items.map((item, i) =>
            h(
              'li',
              {
                id: `${listId}-${i}`,
                role: 'option',
                'aria-selected': 'false',
                'data-name': item.name,
                'data-kind': item.kind,
                onmousedown: (event: Event) => event.preventDefault(),
                onclick: () => insert(i),
              },
              h('strong', null, item.name),
              h('span', { class: 'ks-meta' }, `${t(`kind.${item.kind}`)} · ${item.detail}`),
            ),
          ),
        );
        list.hidden = false;
        control.setAttribute('aria-expanded', 'true');
        activate(0);
      };
      const insert = (i: number) => {
        const item = items[i];
        if (!item) return;
        const caret = control.selectionStart ?? control.value.length;
        const after = control.value.slice(caret);
        const text = item.kind === 'function' && !after.startsWith('(') ? `${item.name}(` : item.name;
        control.value = control.value.slice(0, wordStart) + text + after;
        const at = wordStart + text.length + (item.kind === 'function' && after.startsWith('(') ? 1 : 0);
        control.setSelectionRange(at, at);
        close();
        options.onChange(control.value);
      };
      control.addEventListener('input', () => {
        options.onChange(control.value);
        suggest();
      });
      control.addEventListener('keydown', (event) => {
        if (list.hidden) {
          if (event.key === 'ArrowDown') {
            suggest();
            if (!list.hidden) event.preventDefault();
          }
          return;
        }
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          const step = event.key === 'ArrowDown' ? 1 : -1;
          activate((active + step + items.length) % items.length);
        } else if (event.key === 'Enter' || event.key === 'Tab') {
          if (active >= 0) {
            event.preventDefault();
            insert(active);
          }
        } else if (event.key === 'Escape') {
          event.preventDefault();
          close();
        }
      });
      control.addEventListener('blur', () => setTimeout(close, 150));

      editors.push({
        pointer: options.pointer,
        input: control,
        result,
        show(problem) {
          const position = problem?.position;
          if (!problem || (problem.formula !== undefined && problem.formula !== control.value)) {
            underline.hidden = true;
            message.hidden = true;
            control.removeAttribute('aria-invalid');
            control.setAttribute('aria-describedby', hintId);
            if (said && !problem && document.activeElement === control) ks.say(t('formulaFixed'));
            said = '';
            return;
          }
          const text = problem.formula ?? control.value;
          if (position) {
            const start = Math.min(position.start, text.length);
            const end = Math.min(start + position.length, text.length);
            ks.fill(
              underline,
              h(
                'code',
                null,
                text.slice(0, start),
                h('mark', null, text.slice(start, end) || '\u00a0'),
                text.slice(end),
              ),
            );
            underline.dataset.start = String(start);
            underline.hidden = false;
          } else underline.hidden = true;
          message.textContent = ks.bi(problem.message);
          message.hidden = false;
          control.setAttribute('aria-invalid', 'true');
          control.setAttribute('aria-describedby', `${messageId} ${hintId}`);
          if (document.activeElement === control && said !== message.textContent) {
            said = message.textContent;
            ks.say(said, 'error');
          }
        },
      });
      return h(
        'div',
        { class: 'ks-field ks-db-formula' },
        h('label', { for: id }, options.label),
        h('div', { class: 'ks-db-combo' }, control, list),
        underline,
        message,
        h('p', { class: 'ks-hint', id: hintId }, t('formulaHint')),
        result,
      );
    }

    // ---- The selected widget's form.
    let drawing = 0;
    async function drawEditor(focus = false): Promise<void> {
      const mine = ++drawing;
      editors.length = 0;
      if (selected === null || !doc.widgets[selected]) {
        ks.fill(
          editorBox,
          h('h2', { id: 'ks-db-h-widget' }, t('widget')),
          h('p', { class: 'ks-meta' }, t('chooseWidget')),
        );
        ks.fill(previewBox);
        drawProblems();
        return;
      }
      const i = selected;
      const w = doc.widgets[i]!;
      const at = `/widgets/${i}`;
      const fields = await fieldsOf(w.dataset);
      if (mine !== drawing) return;
      const dimensions = fields.filter((f) => f.dimension);
      const fieldOption = (f: CatalogField) => ({ value: f.name, label: `${ks.bi(f.label)} (${f.name})` });
      const redraw = () => {
        void drawEditor();
        changed();
      };

      const id = onValue(input({ value: w.id, 'data-pointer': `${at}/id`, spellcheck: false }), (v) => {
        w.id = v;
        drawList();
        changed();
      });
      const type = onValue(
        select(
          WIDGET_TYPES.map((x) => ({ value: x, label: t(`type.${x}`) })),
          w.type,
          { 'data-pointer': `${at}/type` },
        ),
        (v) => {
          w.type = v;
          if (v === 'number') delete w.groupBy;
          else if (!w.groupBy?.length)
            w.groupBy = v === 'heatmap' ? ['region', 'account_type'] : ['account_type'];
          drawList();
          redraw();
        },
        'change',
      );
      const heading = h('h2', { id: 'ks-db-h-widget' }, t('editWidget', { title: titleOf(w) }));
      const titleZh = onValue(
        input({ value: w.title?.['zh-CN'] ?? '', 'data-pointer': `${at}/title/zh-CN` }),
        (v) => {
          w.title = { ...w.title, 'zh-CN': v };
          heading.textContent = t('editWidget', { title: titleOf(w) });
          drawList();
          changed();
        },
      );
      const titleEn = onValue(input({ value: w.title?.en ?? '', 'data-pointer': `${at}/title/en` }), (v) => {
        w.title = { ...w.title, en: v };
        heading.textContent = t('editWidget', { title: titleOf(w) });
        drawList();
        changed();
      });
      const dataset = onValue(
        select(
          catalog.datasets.map((d) => ({ value: d.key, label: ks.bi(d.label) })),
          w.dataset,
          { 'data-pointer': `${at}/dataset` },
        ),
        (v) => {
          w.dataset = v;
          drawList();
          redraw();
        },
        'change',
      );
      const datasetHint = catalog.datasets.find((d) => d.key === w.dataset);
      const size = (side: 'w' | 'h', max: number) =>
        ks.field(
          t(`size.${side}`),
          onValue(
            h('input', {
              type: 'number',
              min: 1,
              max,
              step: 1,
              value: w.size?.[side] ?? '',
              'data-pointer': `${at}/size/${side}`,
            }),
            (v) => {
              const next: Record<string, unknown> = { ...w.size };
              const n = optionalNumber(v);
              if (n === undefined) delete next[side];
              else next[side] = n;
              if (Object.keys(next).length) w.size = next as Widget['size'];
              else delete w.size;
              changed(false);
            },
          ),
          t('sizeHint'),
        );

      const group = (n: 0 | 1, label: string) =>
        ks.field(
          label,
          onValue(
            select(
              [{ value: '', label: t('noGroup') }, ...dimensions.map(fieldOption)],
              w.groupBy?.[n] ?? '',
              { 'data-pointer': `${at}/groupBy/${n}` },
            ),
            (v) => {
              const list = [...(w.groupBy ?? [])];
              if (v) list[n] = v;
              else list.splice(n, 1);
              const clean = list.filter(Boolean);
              if (clean.length) w.groupBy = clean;
              else delete w.groupBy;
              changed();
            },
            'change',
          ),
        );

      const measures = h(
        'fieldset',
        { 'data-pointer': `${at}/measures` },
        h('legend', null, t('measures')),
        w.measures.map((m, j) => {
          const mt = `${at}/measures/${j}`;
          return h(
            'div',
            { class: 'ks-db-measure', 'data-measure': j },
            h('h3', null, t('measure', { n: j + 1 })),
            h(
              'div',
              { class: 'ks-grid' },
              ks.field(
                t('measureKey'),
                onValue(input({ value: m.key, 'data-pointer': `${mt}/key`, spellcheck: false }), (v) => {
                  m.key = v;
                  changed();
                }),
              ),
              ks.field(
                t('labelZh'),
                onValue(
                  input({ value: m.label?.['zh-CN'] ?? '', 'data-pointer': `${mt}/label/zh-CN` }),
                  (v) => {
                    m.label = { ...m.label, 'zh-CN': v };
                    changed();
                  },
                ),
              ),
              ks.field(
                t('labelEn'),
                onValue(input({ value: m.label?.en ?? '', 'data-pointer': `${mt}/label/en` }), (v) => {
                  m.label = { ...m.label, en: v };
                  changed();
                }),
              ),
              ks.field(
                t('format'),
                onValue(
                  select(
                    FORMATS.map((f) => ({ value: f, label: t(`format.${f}`) })),
                    m.format ?? 'number',
                    {
                      'data-pointer': `${mt}/format`,
                    },
                  ),
                  (v) => {
                    m.format = v;
                    changed();
                  },
                  'change',
                ),
              ),
              ks.field(
                t('decimals'),
                onValue(
                  h('input', {
                    type: 'number',
                    min: 0,
                    max: 6,
                    step: 1,
                    value: m.decimals ?? '',
                    'data-pointer': `${mt}/decimals`,
                  }),
                  (v) => {
                    const n = optionalNumber(v);
                    if (n === undefined) delete m.decimals;
                    else m.decimals = n;
                    changed();
                  },
                ),
              ),
            ),
            formulaEditor({
              label: t('formula'),
              value: m.formula,
              pointer: `${mt}/formula`,
              dataset: w.dataset,
              fields,
              withResult: true,
              onChange: (v) => {
                m.formula = v;
                changed();
              },
            }),
            w.measures.length > 1
              ? h(
                  'button',
                  {
                    type: 'button',
                    onclick: () => {
                      w.measures.splice(j, 1);
                      redraw();
                    },
                  },
                  t('removeMeasure', { n: j + 1 }),
                )
              : null,
          );
        }),
        h(
          'button',
          {
            type: 'button',
            id: 'ks-db-add-measure',
            onclick: () => {
              let n = w.measures.length + 1;
              while (w.measures.some((m) => m.key === `measure_${n}`)) n++;
              const number = fields.find((f) => f.type === 'number')?.name ?? 'revenue';
              w.measures.push({
                key: `measure_${n}`,
                label: { 'zh-CN': `度量 ${n}`, en: `Measure ${n}` },
                formula: `SUM(${number})`,
                format: 'number',
              });
              redraw();
            },
          },
          t('addMeasure'),
        ),
      );

      const extra: HTMLElement[] = [];
      if (w.type === 'number') {
        const mode =
          w.target?.formula !== undefined ? 'formula' : w.target?.value !== undefined ? 'value' : 'none';
        const targetMode = onValue(
          select(
            ['none', 'value', 'formula'].map((m) => ({ value: m, label: t(`target.${m}`) })),
            mode,
            {
              'data-pointer': `${at}/target`,
            },
          ),
          (v) => {
            if (v === 'none') delete w.target;
            else if (v === 'value') w.target = { value: 1 };
            else w.target = { formula: w.measures[0]?.formula ?? 'SUM(target)' };
            redraw();
          },
          'change',
        );
        extra.push(ks.field(t('target'), targetMode));
        if (mode === 'value')
          extra.push(
            ks.field(
              t('targetValue'),
              onValue(
                h('input', {
                  type: 'number',
                  step: 'any',
                  value: w.target?.value ?? '',
                  'data-pointer': `${at}/target/value`,
                }),
                (v) => {
                  w.target = { value: optionalNumber(v) ?? '' };
                  changed();
                },
              ),
            ),
          );
        if (mode === 'formula')
          extra.push(
            formulaEditor({
              label: t('targetFormula'),
              value: w.target?.formula ?? '',
              pointer: `${at}/target/formula`,
              dataset: w.dataset,
              fields,
              withResult: false,
              onChange: (v) => {
                w.target = { formula: v };
                changed();
              },
            }),
          );
        extra.push(
          ks.field(
            t('trend'),
            onValue(
              h('input', {
                type: 'number',
                min: 2,
                max: 12,
                step: 1,
                value: w.trend ?? '',
                'data-pointer': `${at}/trend`,
              }),
              (v) => {
                const n = optionalNumber(v);
                if (n === undefined) delete w.trend;
                else w.trend = n;
                changed();
              },
            ),
          ),
        );
      } else {
        const sortOptions = [
          { value: '', label: t('noSort') },
          ...w.measures.map((m) => ({ value: m.key, label: `${ks.bi(m.label)} (${m.key})` })),
          ...(w.groupBy ?? []).map((g) => ({ value: g, label: g })),
        ];
        extra.push(
          h(
            'div',
            { class: 'ks-grid' },
            group(0, t('groupFirst')),
            group(1, t('groupSecond')),
            ks.field(
              t('sortBy'),
              onValue(
                select(sortOptions, w.sort?.by ?? '', { 'data-pointer': `${at}/sort/by` }),
                (v) => {
                  if (!v) delete w.sort;
                  else w.sort = { by: v, order: w.sort?.order ?? 'desc' };
                  changed();
                },
                'change',
              ),
            ),
            ks.field(
              t('order'),
              onValue(
                select(
                  ['desc', 'asc'].map((o) => ({ value: o, label: t(`order.${o}`) })),
                  w.sort?.order ?? 'desc',
                  {
                    'data-pointer': `${at}/sort/order`,
                  },
                ),
                (v) => {
                  if (w.sort) w.sort.order = v;
                  changed();
                },
                'change',
              ),
            ),
            ks.field(
              t('limit'),
              onValue(
                h('input', {
                  type: 'number',
                  min: 1,
                  max: 1000,
                  step: 1,
                  value: w.limit ?? '',
                  'data-pointer': `${at}/limit`,
                }),
                (v) => {
                  const n = optionalNumber(v);
                  if (n === undefined) delete w.limit;
                  else w.limit = n;
                  changed();
                },
              ),
            ),
            ks.field(
              t('periods'),
              onValue(
                h('input', {
                  type: 'number',
                  min: 1,
                  max: 24,
                  step: 1,
                  value: w.periods ?? '',
                  'data-pointer': `${at}/periods`,
                }),
                (v) => {
                  const n = optionalNumber(v);
                  if (n === undefined) delete w.periods;
                  else w.periods = n;
                  changed();
                },
              ),
            ),
          ),
        );
      }
      const where = formulaEditor({
        label: t('where'),
        value: w.where ?? '',
        pointer: `${at}/where`,
        dataset: w.dataset,
        fields,
        withResult: false,
        onChange: (v) => {
          if (v.trim()) w.where = v;
          else delete w.where;
          changed();
        },
      });

      ks.fill(
        editorBox,
        heading,
        h(
          'div',
          { class: 'ks-grid' },
          ks.field(t('widgetId'), id, t('idHint')),
          ks.field(t('type'), type),
          ks.field(t('titleZh'), titleZh),
          ks.field(t('titleEn'), titleEn),
          ks.field(t('dataset'), dataset, datasetHint ? ks.bi(datasetHint.description) : undefined),
          size('w', 12),
          size('h', 8),
        ),
        extra,
        measures,
        where,
        h('h3', null, t('preview')),
        h('p', { class: 'ks-hint' }, t('previewHint')),
        previewBox,
      );
      placeInline();
      if (focus) (editorBox.querySelector('input') as HTMLElement | null)?.focus();
      schedulePreview(0);
    }

    // ---- The live result: the widget computed on the server, each formula's problem in its editor.
    let previewTimer: ReturnType<typeof setTimeout> | undefined;
    let previewSequence = 0;
    function schedulePreview(delay = 400): void {
      clearTimeout(previewTimer);
      document.body.dataset.previewing = 'true';
      previewTimer = setTimeout(() => void runPreview(), delay);
    }
    async function runPreview(): Promise<void> {
      const mine = ++previewSequence;
      if (selected === null || !doc.widgets[selected]) {
        delete document.body.dataset.previewing;
        return;
      }
      const i = selected;
      const w = doc.widgets[i]!;
      const local = (pointer: string) => pointer.replace(/^\/body\/widget(?=\/|$)/, `/widgets/${i}`);
      const defaults = doc.defaults ?? {};
      const filters: Record<string, string> = {};
      if (defaults.period) filters.period = defaults.period;
      if (defaults.accountType) filters.accountType = defaults.accountType;
      if (defaults.region) filters.region = defaults.region;
      const answer = await ks.api<Preview>('POST', '/api/dashboards/preview-widget', {
        widget: w,
        filters,
        periodKind: doc.periodKind === 'month' ? 'month' : 'quarter',
      });
      if (mine !== previewSequence) return;
      delete document.body.dataset.previewing;
      // What the save found in this widget is superseded by the fresh check (a repeated id is only found on save).
      docErrors = docErrors.filter(
        (e) => !e.pointer.startsWith(`/widgets/${i}/`) || e.pointer.endsWith('/id'),
      );
      if (!answer.ok) {
        previewProblems = (answer.problem?.errors ?? []).map((e) => ({
          pointer: local(e.pointer),
          message: e.message,
        }));
        for (const editor of editors) editor.show(null);
        for (const editor of editors) if (editor.result) editor.result.textContent = t('resultNone');
        ks.fill(previewBox, h('p', { class: 'ks-problem' }, answer.problem?.message ?? ''));
        drawProblems();
        placeInline();
        return;
      }
      const p = answer.data;
      previewProblems = p.problems.map((e) => ({ pointer: local(e.pointer), message: ks.bi(e.message) }));
      for (const editor of editors)
        editor.show(p.problems.find((e) => local(e.pointer) === editor.pointer) ?? null);
      w.measures.forEach((m, j) => {
        const output = editors.find((e) => e.pointer === `/widgets/${i}/measures/${j}/formula`)?.result;
        if (!output) return;
        output.removeAttribute('data-value');
        if (!p.ok) output.textContent = t('resultNone');
        else if (p.card) {
          output.textContent = t('result', { value: format(p.card.value, m.format, m.decimals) });
          output.dataset.value = JSON.stringify(p.card.value);
        } else {
          const row = p.rows?.[0];
          const label = row
            ? row.key.map((k, n) => ks.bi(row.labels[n]) || String(k ?? '—')).join(' / ')
            : '—';
          output.textContent = t('resultGroups', {
            count: p.total ?? 0,
            first: row ? `${label}: ${format(row.values[j], m.format, m.decimals)}` : '—',
          });
        }
      });
      drawPreview(p, w);
      drawProblems();
      placeInline();
    }

    function drawPreview(p: Preview, w: Widget): void {
      if (!p.ok) {
        ks.fill(previewBox, h('p', { class: 'ks-problem' }, p.error ? ks.bi(p.error.message) : ''));
        return;
      }
      const periods = h(
        'p',
        { class: 'ks-meta' },
        t('previewPeriods', { periods: (p.periods ?? []).join(', ') }),
      );
      if (p.card) {
        const m = w.measures[0];
        ks.fill(
          previewBox,
          periods,
          h(
            'p',
            null,
            h(
              'span',
              { class: 'ks-db-card', 'data-value': JSON.stringify(p.card.value) },
              format(p.card.value, m?.format, m?.decimals),
            ),
            p.card.target !== null
              ? ` · ${t('previewTarget', { value: format(p.card.target, m?.format, m?.decimals) })}`
              : '',
          ),
          p.card.trend.length
            ? h(
                'ul',
                null,
                p.card.trend.map((x) =>
                  h('li', null, `${x.period}: ${format(x.value, m?.format, m?.decimals)}`),
                ),
              )
            : null,
        );
        return;
      }
      const rows = (p.rows ?? []).slice(0, 10);
      ks.fill(
        previewBox,
        periods,
        rows.length
          ? ks.table(
              t('previewCaption', { count: rows.length }),
              [
                ...(p.dimensions ?? []).map((d) => ks.bi(d.label)),
                ...(p.measures ?? []).map((m) => ks.bi(m.label)),
              ],
              rows.map((row) => [
                ...row.key.map((k, n) => ks.bi(row.labels[n]) || String(k ?? '—')),
                ...row.values.map((v, n) => format(v, p.measures?.[n]?.format, p.measures?.[n]?.decimals)),
              ]),
            )
          : h('p', null, t('noRows')),
      );
    }

    // ---- Problems: listed, and next to their fields (formulas show their own, underlined).
    const allProblems = () => {
      const seen = new Set<string>();
      return [...docErrors, ...previewProblems].filter((e) => {
        const id = `${e.pointer}|${e.message}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    };
    function drawProblems(): void {
      const list = allProblems();
      ks.fill(
        problemsBox,
        h('h2', { id: 'ks-db-h-problems' }, t('problems')),
        list.length
          ? h(
              'ul',
              null,
              list.map((e) => {
                const match = /^\/widgets\/(\d+)(?=\/|$)/.exec(e.pointer);
                const i = match ? Number(match[1]) : null;
                const where =
                  i === null ? t('dashboard') : `${t('widget')} ${titleOf(doc.widgets[i]) || i + 1}`;
                return h(
                  'li',
                  null,
                  i === null
                    ? `${where}: ${e.message}`
                    : h(
                        'button',
                        {
                          type: 'button',
                          class: 'ks-linkbutton',
                          onclick: async () => {
                            if (selected !== i) {
                              selected = i;
                              drawList();
                              await drawEditor();
                            }
                            (
                              editorBox.querySelector(
                                `[data-pointer="${CSS.escape(e.pointer)}"]`,
                              ) as HTMLElement | null
                            )?.focus();
                          },
                        },
                        `${where}: ${e.message}`,
                      ),
                  ' ',
                  h('code', { class: 'ks-meta' }, e.pointer || '/'),
                );
              }),
            )
          : h('p', { class: 'ks-meta' }, t('noProblems')),
      );
    }
    function placeInline(): void {
      for (const scope of [header, editorBox]) {
        scope.querySelectorAll('.ks-db-msg').forEach((m) => m.remove());
        scope.querySelectorAll<HTMLElement>('[aria-invalid="true"]:not([data-formula])').forEach((c) => {
          c.removeAttribute('aria-invalid');
          const kept = (c.getAttribute('aria-describedby') ?? '')
            .split(' ')
            .filter((id) => id && !id.startsWith('ks-db-msg-'));
          if (kept.length) c.setAttribute('aria-describedby', kept.join(' '));
          else c.removeAttribute('aria-describedby');
        });
      }
      const controls = [
        ...header.querySelectorAll<HTMLElement>('[data-pointer]'),
        ...editorBox.querySelectorAll<HTMLElement>('[data-pointer]'),
      ];
      for (const e of allProblems()) {
        const match = /^\/widgets\/(\d+)(?=\/|$)/.exec(e.pointer);
        if (match && Number(match[1]) !== selected) continue;
        let p = e.pointer;
        let control: HTMLElement | undefined;
        while (p && !control) {
          control = controls.find((c) => c.dataset.pointer === p);
          if (!control) p = p.replace(/\/[^/]*$/, '');
        }
        if (!control || control.dataset.formula) continue;
        const id = uid('msg');
        const message = h('p', { class: 'ks-problem ks-db-msg', id, 'data-for': e.pointer }, e.message);
        if (control.matches('input,select,textarea')) {
          control.setAttribute('aria-invalid', 'true');
          control.setAttribute(
            'aria-describedby',
            [control.getAttribute('aria-describedby'), id].filter(Boolean).join(' '),
          );
          control.insertAdjacentElement('afterend', message);
        } else {
          const legend = control.querySelector(':scope > legend');
          if (legend) legend.insertAdjacentElement('afterend', message);
          else control.prepend(message);
        }
      }
    }

    // ---- Save, publish, view.
    const saveButton = h('button', { type: 'button', class: 'ks-primary', id: 'ks-db-save' }, t('saveDraft'));
    const publishButton = h('button', { type: 'button', id: 'ks-db-publish' }, t('publish'));
    const viewDraft = h(
      'a',
      {
        href: `/dashboards/${encodeURIComponent(key)}?draft=true&lang=${ks.locale}`,
        id: 'ks-db-view-draft',
        class: 'ks-button',
      },
      t('viewDraft'),
    );
    const viewPublished = h(
      'a',
      {
        href: `/dashboards/${encodeURIComponent(key)}?lang=${ks.locale}`,
        id: 'ks-db-view',
        class: 'ks-button',
      },
      t('viewPublished'),
    );
    const actions = h('div', { class: 'ks-actions', id: 'ks-db-actions' });
    const drawActions = (...more: HTMLElement[]) =>
      ks.fill(
        actions,
        saveButton,
        publishButton,
        viewDraft,
        draft.view.publishedVersion ? viewPublished : null,
        more,
      );

    /** A refusal: its message, and its problems listed and next to their fields. */
    const refused = (problem: ApiProblem | null) => {
      ks.say(problem?.message ?? '', 'error');
      docErrors = draft.problems(problem?.errors);
      drawProblems();
      placeInline();
    };
    async function save(): Promise<boolean> {
      ks.say(t('saving'));
      const answer = await draft.save(doc);
      if (!answer.ok) {
        if (answer.status === 409) {
          ks.say(t('stale'), 'error');
          drawActions(h('button', { type: 'button', onclick: () => location.reload() }, t('reload')));
        } else refused(answer.problem);
        return false;
      }
      docErrors = draft.problems(draft.view.draftErrors);
      updateStatus();
      drawProblems();
      placeInline();
      const count = docErrors.length;
      ks.say(count ? t('savedProblems', { count }) : t('savedValid'), count ? 'error' : 'ok');
      return true;
    }
    saveButton.addEventListener('click', () => void save());
    publishButton.addEventListener('click', async () => {
      // Unchanged since the last version: publishing would only repeat it.
      if (draft.state() === 'published')
        return ks.say(t('nothingToPublish', { version: draft.view.publishedVersion ?? '—' }));
      if (draft.dirty && !(await save())) return;
      const answer = await draft.publish();
      if (!answer.ok) return refused(answer.problem);
      draft.dirty = false;
      updateStatus();
      drawActions();
      ks.say(t('published', { version: answer.data.version }));
    });
    draft.guardLeave(t('leave'));

    drawHeader();
    drawList();
    drawActions();
    updateStatus();
    ks.fill(
      ks.root,
      h('p', null, h('a', { href: `/console/dashboards?lang=${ks.locale}` }, `← ${t('back')}`)),
      header,
      actions,
      h('p', { class: 'ks-hint' }, t('publishHint')),
      h('div', { class: 'ks-db-grid' }, listBox, editorBox),
      problemsBox,
      h('details', { class: 'ks-card ks-db-json' }, h('summary', null, t('json')), jsonBox),
    );
    drawProblems();
    await drawEditor();
    ks.ready();
  },
};
