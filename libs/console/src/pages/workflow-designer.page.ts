/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ApiProblem } from '../client/ks-client';
import type { ConsolePage } from '../console-page';
import { WORKFLOW_DESIGNER_TEXTS } from './workflow-designer.texts';

/**
 * The workflow designer: the diagram of the steps (laid out by POST /api/workflows/layout, which also
 * checks the draft as it is edited), the same graph as a table, a side form for the selected step, the
 * problems by pointer next to their fields and in a list, save draft, check and publish.
 */
export const workflowDesignerPage: ConsolePage = {
  path: 'workflows/:key',
  permission: Permission.DocumentsWrite,
  title: { 'zh-CN': '流程设计器', en: 'Workflow designer' },
  texts: WORKFLOW_DESIGNER_TEXTS,
  script: async (ks) => {
    interface Bi {
      'zh-CN': string;
      en: string;
    }
    interface Rule {
      relation?: string;
      userId?: string;
    }
    interface Due {
      days: number | string;
      remindBefore?: (number | string)[];
      escalate?: { to?: string; action?: string };
    }
    type Branch = string | { when: string; next: string };
    interface Step {
      id: string;
      type: string;
      title: Bi;
      next?: string | { approve: string; reject: string; return?: string };
      form?: { key: string; version?: number | string };
      assignee?: Rule;
      due?: Due;
      mode?: string;
      assignees?: Rule[];
      branches?: Branch[];
      otherwise?: string;
      days?: number | string;
      reminders?: (number | string)[];
      remindTo?: Rule;
      to?: Rule;
      message?: { subject: Bi; body: Bi };
      outcome?: string;
    }
    interface Doc {
      key: string;
      title: Bi;
      description?: Bi;
      subject: string;
      start: string;
      data?: { name: string; type?: string }[];
      steps: Step[];
      version?: number;
    }
    interface Problem {
      pointer: string;
      message: string;
    }
    interface LayoutNode {
      id: string;
      index: number | null;
      type: string | null;
      x: number;
      y: number;
      width: number;
      height: number;
      reachable: boolean;
      missing: boolean;
      duplicate: boolean;
    }
    interface LayoutEdge {
      from: string;
      fromIndex: number;
      to: string;
      kind: string;
      when: string | null;
      pointer: string;
      back: boolean;
      dangling: boolean;
      path: string;
      label: { x: number; y: number };
    }
    interface Layout {
      nodes: LayoutNode[];
      edges: LayoutEdge[];
      width: number;
      height: number;
      errors: Problem[];
    }

    const { h, t } = ks;
    const key = ks.params.key ?? '';
    const STEP_TYPES = [
      'form',
      'approval',
      'compute',
      'condition',
      'parallel',
      'join',
      'wait',
      'notify',
      'end',
    ];
    const RELATIONS = [
      'account_manager',
      'manager_of_account_manager',
      'department_head',
      'calibration_committee',
      'admin',
    ];
    const SUBJECTS = ['account', 'account_manager', 'adjustment', 'campaign', 'score'];
    const TYPE_COLOURS: Record<string, string> = {
      form: '#0b57d0',
      approval: '#8250df',
      compute: '#1a7f37',
      condition: '#9a6700',
      parallel: '#0969da',
      join: '#0969da',
      wait: '#6e7781',
      notify: '#1b7c83',
      end: '#57606a',
    };

    document.head.append(
      h(
        'style',
        null,
        `main{max-width:120rem}
.ks-wf-grid{display:grid;gap:1rem;grid-template-columns:minmax(0,1fr) 24rem;align-items:start}
.ks-wf-diagram{overflow:auto;max-height:70vh;border:1px solid #d0d7de;border-radius:4px;background:#f6f8fa}
.ks-wf-diagram svg{display:block}
.ks-wf-node{cursor:pointer}
.ks-wf-node:hover rect.ks-wf-box{stroke:#0b57d0}
.ks-wf-side fieldset{border:1px solid #d0d7de;border-radius:4px;margin:.5rem 0;padding:.25rem .75rem .5rem}
.ks-wf-side legend{font-weight:600;font-size:.9rem}
.ks-wf-side input[type=text],.ks-wf-side input[type=number],.ks-wf-side select,.ks-wf-side textarea{width:100%}
.ks-wf-formula{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.ks-wf-item{border-top:1px dashed #d0d7de;padding-top:.25rem;margin-top:.25rem}
.ks-linkbutton{border:0;background:none;padding:0;color:#0b57d0;text-decoration:underline;cursor:pointer;text-align:left}
.ks-wf-problems li{margin:.2rem 0}
.ks-wf-json pre{white-space:pre-wrap;word-break:break-word;max-height:24rem;overflow:auto;background:#f6f8fa;padding:.5rem;font-size:.8rem}
.ks-wf-step-problem{color:#a40e26;font-weight:600}
@media (max-width:60rem){.ks-wf-grid{grid-template-columns:1fr}}`,
      ),
    );

    // ---- Load: the draft, or a copy of the latest published version to start a new draft from.
    const draft = ks.documentDraft<Doc>('workflow', key);
    const loaded = await draft.load();
    if (loaded.problem || !loaded.content) {
      if (loaded.problem) ks.problem(loaded.problem);
      else ks.say(t('notFound'), 'error');
      return ks.ready();
    }
    const doc = loaded.content;
    if (!Array.isArray(doc.steps)) doc.steps = [];
    let selected: number | null = null;
    let errors: Problem[] = [];
    let layout: Layout | null = null;
    let counter = 0;
    /** Diagram scale: null fits the width (between 50% and 100%). */
    let zoom: number | null = null;
    const forms = await ks.api<{ key: string }[]>('GET', '/api/documents/form');
    const formKeys = forms.ok ? forms.data.map((f) => f.key) : [];
    const users = ks.can('users:manage')
      ? await ks.api<{ id: string; displayName: string; email: string }[]>('GET', '/api/users')
      : null;

    // ---- Small helpers.
    const uid = (prefix: string) => `ks-wf-${prefix}-${++counter}`;
    const bi = (text: Bi | undefined) => (text ? text[ks.locale] || text.en || text['zh-CN'] : '');
    const stepTitle = (s: Step | undefined) => (s ? bi(s.title) || s.id : '');
    const byId = (id: string) => doc.steps.find((s) => s.id === id);
    const firstEnd = () => doc.steps.find((s) => s.type === 'end')?.id ?? '';
    const numbers = (text: string) =>
      text
        .split(/[,，\s]+/)
        .map((x) => x.trim())
        .filter(Boolean)
        .map((x) => (Number.isFinite(Number(x)) ? Number(x) : x));
    const input = (attrs: Record<string, string | number | boolean | null | undefined>) =>
      h('input', { type: 'text', ...attrs }) as HTMLInputElement;
    const onValue = (control: HTMLElement, handler: (value: string) => void, event = 'input') => {
      control.addEventListener(event, () =>
        handler((control as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value),
      );
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
    /** Options for a step that an arrow goes to; a missing target stays visible (and selected) so nothing is lost. */
    const targetOptions = (current: string, extra: { value: string; label: string }[] = []) => {
      const options = [
        ...extra,
        ...doc.steps.map((s) => ({ value: s.id, label: `${stepTitle(s)} (${s.id})` })),
      ];
      if (!options.some((o) => o.value === current))
        options.unshift(
          current === ''
            ? { value: '', label: t('chooseTarget') }
            : { value: current, label: t('missingOption', { id: current }) },
        );
      return options;
    };

    // ---- The page's parts.
    const status = h('p', { class: 'ks-meta', id: 'ks-wf-status' });
    const header = h('section', {
      class: 'ks-card',
      id: 'ks-wf-header',
      'aria-labelledby': 'ks-wf-h-workflow',
    });
    const diagram = h('div', { class: 'ks-wf-diagram', id: 'ks-wf-diagram' });
    const side = h('aside', {
      class: 'ks-card ks-wf-side',
      id: 'ks-wf-step',
      'aria-labelledby': 'ks-wf-h-step',
    });
    const problemsBox = h('section', {
      class: 'ks-card ks-wf-problems',
      id: 'ks-wf-problems',
      'aria-labelledby': 'ks-wf-h-problems',
    });
    const stepsBox = h('section', {
      class: 'ks-card',
      id: 'ks-wf-steps',
      'aria-labelledby': 'ks-wf-h-steps',
    });
    const jsonBox = h('pre', { id: 'ks-wf-json' });

    const updateStatus = () => {
      status.textContent = t('statusLine', {
        key,
        version: draft.view.publishedVersion ?? '—',
        state: t(`state.${draft.state()}`),
      });
      jsonBox.textContent = JSON.stringify(doc, null, 2);
    };

    // ---- Changes: every edit marks the document dirty and (debounced) redraws the diagram and problems.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sequence = 0;
    const changed = (immediately = false) => {
      draft.dirty = true;
      updateStatus();
      clearTimeout(timer);
      timer = setTimeout(refresh, immediately ? 0 : 350);
    };
    async function refresh(): Promise<void> {
      const mine = ++sequence;
      document.body.dataset.checking = 'true';
      const answer = await ks.api<Layout>('POST', '/api/workflows/layout', { document: doc });
      if (mine !== sequence) return;
      delete document.body.dataset.checking;
      if (!answer.ok) {
        ks.problem(answer.problem, problemsBox);
        return;
      }
      layout = answer.data;
      setErrors(answer.data.errors);
    }
    let spokenCount = -1;
    function setErrors(list: Problem[]): void {
      errors = list;
      drawDiagram();
      drawSteps();
      drawProblems();
      placeInline();
      if (list.length !== spokenCount) {
        spokenCount = list.length;
        if (list.length) ks.say(t('problemsFound', { count: list.length }), 'error');
      }
    }
    const errorsOfStep = (i: number) =>
      errors.filter((e) => e.pointer === `/steps/${i}` || e.pointer.startsWith(`/steps/${i}/`));

    // ---- The workflow's own fields.
    function drawHeader(): void {
      const titleZh = onValue(
        input({ 'data-pointer': '/title/zh-CN', value: doc.title?.['zh-CN'] ?? '' }),
        (v) => {
          doc.title = { ...doc.title, 'zh-CN': v };
          changed();
        },
      );
      const titleEn = onValue(input({ 'data-pointer': '/title/en', value: doc.title?.en ?? '' }), (v) => {
        doc.title = { ...doc.title, en: v };
        changed();
      });
      const description = (locale: 'zh-CN' | 'en') =>
        onValue(
          h(
            'textarea',
            { 'data-pointer': `/description/${locale}`, rows: 2 },
            doc.description?.[locale] ?? '',
          ),
          (v) => {
            const next = {
              'zh-CN': doc.description?.['zh-CN'] ?? '',
              en: doc.description?.en ?? '',
              [locale]: v,
            };
            if (!next['zh-CN'] && !next.en) delete doc.description;
            else doc.description = next;
            changed();
          },
        );
      const subject = onValue(
        select(
          SUBJECTS.map((s) => ({ value: s, label: t(`subject.${s}`) })),
          doc.subject,
          { 'data-pointer': '/subject' },
        ),
        (v) => {
          doc.subject = v;
          changed();
        },
        'change',
      );
      const start = onValue(
        select(targetOptions(doc.start ?? ''), doc.start ?? '', { 'data-pointer': '/start' }),
        (v) => {
          doc.start = v;
          changed(true);
        },
        'change',
      );
      const data = onValue(
        input({ 'data-pointer': '/data', value: (doc.data ?? []).map((d) => d.name).join(', ') }),
        (v) => {
          const names = v
            .split(/[,，\s]+/)
            .map((x) => x.trim())
            .filter(Boolean);
          const old = new Map((doc.data ?? []).map((d) => [d.name, d]));
          if (names.length) doc.data = names.map((name) => old.get(name) ?? { name });
          else delete doc.data;
          changed();
        },
      );
      ks.fill(
        header,
        h('h2', { id: 'ks-wf-h-workflow' }, t('workflow')),
        h(
          'div',
          { class: 'ks-grid' },
          ks.field(t('titleZh'), titleZh),
          ks.field(t('titleEn'), titleEn),
          ks.field(t('subject'), subject),
          ks.field(t('start'), start),
        ),
        h(
          'div',
          { class: 'ks-grid' },
          ks.field(t('descriptionZh'), description('zh-CN')),
          ks.field(t('descriptionEn'), description('en')),
        ),
        ks.field(t('dataNames'), data, t('dataNamesHint')),
        status,
      );
    }

    // ---- The diagram (SVG from the server's layout), mouse-selectable; the table below is the keyboard way.
    const SVG = 'http://www.w3.org/2000/svg';
    const s = (tag: string, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]) => {
      const element = document.createElementNS(SVG, tag);
      for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
      for (const child of children) element.append(child);
      return element;
    };
    const fit = (text: string, room: number) => {
      let used = 0;
      let out = '';
      for (const ch of text) {
        used += /[\u2E80-\uFFFF]/.test(ch) ? 2 : 1;
        if (used > room) return `${out}…`;
        out += ch;
      }
      return out;
    };
    function drawDiagram(): void {
      if (!layout) return;
      const bad = new Set(errors.map((e) => e.pointer));
      const titleId = uid('svg-title');
      const descId = uid('svg-desc');
      const realNodes = layout.nodes.filter((n) => !n.missing);
      const fitted = Math.min(1, Math.max(0.5, (diagram.clientWidth - 2) / layout.width));
      const scale = zoom ?? fitted;
      zoomLevel.textContent = t('zoomLevel', { percent: Math.round(scale * 100) });
      const svg = s(
        'svg',
        {
          role: 'img',
          'aria-labelledby': `${titleId} ${descId}`,
          width: Math.round(layout.width * scale),
          height: Math.round(layout.height * scale),
          viewBox: `0 0 ${layout.width} ${layout.height}`,
          class: 'ks-wf-svg',
          'font-family': 'system-ui, sans-serif',
        },
        s('title', { id: titleId }, t('diagramTitle', { title: bi(doc.title) || key })),
        s('desc', { id: descId }, t('diagramDesc', { steps: realNodes.length, arrows: layout.edges.length })),
        s(
          'defs',
          {},
          ...[
            ['ks-wf-arrow', '#57606a'],
            ['ks-wf-arrow-bad', '#cf222e'],
          ].map(([id, colour]) =>
            s(
              'marker',
              {
                id: id!,
                viewBox: '0 0 10 10',
                refX: 9,
                refY: 5,
                markerWidth: 7,
                markerHeight: 7,
                orient: 'auto-start-reverse',
              },
              s('path', { d: 'M0,0 L10,5 L0,10 z', fill: colour! }),
            ),
          ),
        ),
      );
      const edges = s('g', { class: 'ks-wf-edges' });
      for (const e of layout.edges) {
        const broken = e.dangling || bad.has(e.pointer);
        const colour = broken ? '#cf222e' : e.back ? '#8c959f' : '#57606a';
        edges.append(
          s('path', {
            d: e.path,
            fill: 'none',
            stroke: colour,
            'stroke-width': broken ? 2 : 1.5,
            'stroke-dasharray': e.back ? '5 4' : 'none',
            'marker-end': `url(#${broken ? 'ks-wf-arrow-bad' : 'ks-wf-arrow'})`,
            class: `ks-wf-edge ks-wf-edge-${e.kind}`,
            'data-edge': e.pointer,
          }),
        );
        const label = e.kind === 'branch' ? (e.when ?? '') : e.kind === 'next' ? '' : t(`edge.${e.kind}`);
        if (label)
          edges.append(
            s(
              'g',
              {},
              s('title', {}, label),
              s(
                'text',
                {
                  x: e.label.x,
                  y: e.label.y,
                  'text-anchor': 'middle',
                  'font-size': 11,
                  fill: broken ? '#a40e26' : '#424a53',
                  stroke: '#f6f8fa',
                  'stroke-width': 3,
                  'paint-order': 'stroke',
                  class: 'ks-wf-edge-label',
                },
                // Between two columns there is room for about 16 characters; the channel below has more.
                fit(label, e.back ? 30 : 16),
              ),
            ),
          );
      }
      svg.append(edges);
      const nodes = s('g', { class: 'ks-wf-nodes' });
      for (const n of layout.nodes) {
        const i = n.index;
        const problems = i === null ? [] : errorsOfStep(i);
        const step = i === null ? undefined : doc.steps[i];
        const isSelected = i !== null && i === selected;
        const g = s('g', {
          transform: `translate(${n.x},${n.y})`,
          class: `ks-wf-node${n.missing ? ' ks-wf-missing' : ''}${isSelected ? ' ks-wf-selected' : ''}`,
          'data-step': n.id,
          ...(i === null ? {} : { 'data-index': i }),
          'data-problems': problems.length,
        });
        const stroke = isSelected ? '#bf8700' : n.missing || problems.length ? '#cf222e' : '#6e7781';
        g.append(
          s(
            'title',
            {},
            n.missing ? t('missing', { id: n.id }) : `${stepTitle(step)} — ${t(`type.${n.type}`)} (${n.id})`,
          ),
          s('rect', {
            class: 'ks-wf-box',
            width: n.width,
            height: n.height,
            rx: 6,
            fill: n.missing ? '#ffebe9' : '#ffffff',
            stroke,
            'stroke-width': isSelected ? 3 : problems.length || n.missing ? 2 : 1,
            'stroke-dasharray': n.reachable && !n.missing ? 'none' : '5 3',
          }),
        );
        if (!n.missing) {
          g.append(
            s('rect', {
              x: 0,
              y: 0,
              width: 6,
              height: n.height,
              rx: 3,
              fill: TYPE_COLOURS[n.type ?? ''] ?? '#6e7781',
            }),
            s(
              'text',
              { x: 14, y: 22, 'font-size': 13, 'font-weight': 600, fill: '#1f2328' },
              fit(stepTitle(step), 22),
            ),
            s(
              'text',
              { x: 14, y: 41, 'font-size': 11, fill: '#57606a' },
              fit(`${t(`type.${n.type}`)} · ${n.id}${doc.start === n.id && !n.duplicate ? ' ▶' : ''}`, 28),
            ),
          );
          if (problems.length)
            g.append(
              s('circle', { cx: n.width - 12, cy: 12, r: 9, fill: '#cf222e' }),
              s(
                'text',
                {
                  x: n.width - 12,
                  y: 16,
                  'font-size': 11,
                  'text-anchor': 'middle',
                  fill: '#fff',
                  'font-weight': 700,
                },
                String(problems.length),
              ),
            );
        } else {
          g.append(
            s(
              'text',
              { x: 12, y: 33, 'font-size': 12, fill: '#a40e26' },
              fit(t('missing', { id: n.id }), 28),
            ),
          );
        }
        if (i !== null) g.addEventListener('click', () => choose(i));
        nodes.append(g);
      }
      svg.append(nodes);
      ks.fill(diagram, svg);
      svg.querySelector('.ks-wf-selected')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    const zoomLevel = h('span', { class: 'ks-meta', id: 'ks-wf-zoom' });
    const zoomBy = (factor: number | null) => () => {
      const current = zoom ?? Math.min(1, Math.max(0.5, (diagram.clientWidth - 2) / (layout?.width ?? 1)));
      zoom = factor === null ? null : Math.min(2, Math.max(0.3, current * factor));
      drawDiagram();
    };
    const zoomBar = h(
      'div',
      { class: 'ks-actions' },
      h('button', { type: 'button', onclick: zoomBy(1 / 1.25) }, t('zoomOut')),
      h('button', { type: 'button', onclick: zoomBy(1.25) }, t('zoomIn')),
      h('button', { type: 'button', onclick: zoomBy(null) }, t('zoomFit')),
      zoomLevel,
    );

    // ---- The same graph as a table, with the keyboard way to a step.
    function drawSteps(): void {
      const rows = doc.steps.map((step, i) => {
        const arrows = (layout?.edges ?? []).filter((e) => e.fromIndex === i);
        const node = layout?.nodes.find((n) => n.index === i);
        const problems = errorsOfStep(i);
        return [
          h(
            'button',
            { type: 'button', class: 'ks-linkbutton', 'data-step': i, onclick: () => choose(i, true) },
            stepTitle(step) || step.id || '?',
          ),
          h(
            'span',
            null,
            h('code', null, step.id),
            doc.start === step.id ? ` ${t('isStart')}` : '',
            node && !node.reachable ? ` · ${t('unreachable')}` : '',
          ),
          t(`type.${step.type}`),
          arrows.length
            ? h(
                'ul',
                null,
                arrows.map((e) =>
                  h(
                    'li',
                    null,
                    e.kind === 'branch' && e.when
                      ? h('code', null, e.when)
                      : e.kind === 'next' || e.kind === 'branch'
                        ? ''
                        : t(`edge.${e.kind}`),
                    ' → ',
                    byId(e.to) ? stepTitle(byId(e.to)) : t('missing', { id: e.to }),
                  ),
                ),
              )
            : '—',
          problems.length
            ? h('span', { class: 'ks-wf-step-problem' }, t('problemCount', { count: problems.length }))
            : '—',
        ];
      });
      const table = ks.table(
        t('stepsCaption'),
        [t('col.step'), 'ID', t('col.type'), t('col.arrows'), t('col.problems')],
        rows,
      );
      ks.fill(stepsBox, h('h2', { id: 'ks-wf-h-steps' }, t('steps')), table);
    }

    // ---- Every problem, each leading to its step and field.
    function drawProblems(): void {
      const items = errors.map((e) => {
        const match = /^\/steps\/(\d+)(?=\/|$)/.exec(e.pointer);
        const i = match ? Number(match[1]) : null;
        const where = i === null ? t('workflowLevel') : `${t('step')} ${stepTitle(doc.steps[i]) || i + 1}`;
        return h(
          'li',
          null,
          h(
            'button',
            {
              type: 'button',
              class: 'ks-linkbutton',
              'data-pointer-target': e.pointer,
              onclick: () => {
                if (i !== null) choose(i);
                focusPointer(e.pointer);
              },
            },
            `${where}: ${e.message}`,
          ),
          ' ',
          h('code', { class: 'ks-meta' }, e.pointer || '/'),
        );
      });
      ks.fill(
        problemsBox,
        h('h2', { id: 'ks-wf-h-problems' }, t('problems')),
        items.length ? h('ul', null, items) : h('p', { class: 'ks-meta' }, t('noProblems')),
      );
    }
    const controlFor = (pointer: string): HTMLElement | null => {
      let p = pointer;
      for (;;) {
        const control = [...ks.root.querySelectorAll<HTMLElement>('[data-pointer]')].find(
          (c) =>
            c.dataset.pointer === p && !(c instanceof SVGElement) && (header.contains(c) || side.contains(c)),
        );
        if (control) return control;
        if (!p) return null;
        p = p.replace(/\/[^/]*$/, '');
      }
    };
    const focusPointer = (pointer: string) => {
      const control = controlFor(pointer);
      if (!control) return;
      const target = control.matches('input,select,textarea,button')
        ? control
        : (control.querySelector<HTMLElement>('input,select,textarea,button') ?? control);
      target.focus();
    };

    /** Messages next to the fields of the workflow and of the selected step (found by data-pointer). */
    function placeInline(): void {
      for (const scope of [header, side]) {
        scope.querySelectorAll('.ks-wf-msg').forEach((m) => m.remove());
        scope.querySelectorAll<HTMLElement>('[aria-invalid="true"]').forEach((c) => {
          c.removeAttribute('aria-invalid');
          const kept = (c.getAttribute('aria-describedby') ?? '')
            .split(' ')
            .filter((id) => id && !id.startsWith('ks-wf-msg-'));
          if (kept.length) c.setAttribute('aria-describedby', kept.join(' '));
          else c.removeAttribute('aria-describedby');
        });
      }
      for (const e of errors) {
        const step = /^\/steps\/(\d+)(?=\/|$)/.exec(e.pointer);
        if (step && Number(step[1]) !== selected) continue;
        const control = controlFor(e.pointer);
        if (!control) continue;
        const id = uid('msg');
        const message = h('p', { class: 'ks-problem ks-wf-msg', id, 'data-for': e.pointer }, e.message);
        if (control.matches('input,select,textarea')) {
          control.setAttribute('aria-invalid', 'true');
          control.setAttribute(
            'aria-describedby',
            [control.getAttribute('aria-describedby'), id].filter(Boolean).join(' '),
          );
          control.insertAdjacentElement('afterend', message);
        } else if (control === side || control.matches('fieldset, .ks-wf-stepform')) {
          const legend = control.querySelector(':scope > legend, :scope > h2');
          if (legend) legend.insertAdjacentElement('afterend', message);
          else control.prepend(message);
        } else control.insertAdjacentElement('afterend', message);
      }
    }

    // ---- Editing a step.
    const choose = (i: number, focus = false) => {
      selected = i;
      drawSide();
      drawDiagram();
      placeInline();
      if (focus) (side.querySelector('input,select') as HTMLElement | null)?.focus();
      else side.scrollIntoView({ block: 'nearest' });
    };

    /** A button that changes the step's structure, then redraws the side form and re-checks at once. */
    const editButton = (label: string, edit: () => void) =>
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            edit();
            drawSide();
            changed(true);
          },
        },
        label,
      );

    function ruleEditor(
      rule: Rule | undefined,
      pointer: string,
      label: string,
      set: (rule: Rule) => void,
    ): HTMLElement {
      const current = rule?.userId !== undefined ? 'user' : (rule?.relation ?? 'account_manager');
      const kind = select(
        [...RELATIONS, 'user'].map((r) => ({ value: r, label: t(`relation.${r}`) })),
        current,
        { 'data-pointer': pointer },
      );
      const userList = users?.ok ? users.data : null;
      const who = userList
        ? select(
            [
              { value: '', label: t('chooseTarget') },
              ...userList.map((u) => ({ value: u.id, label: `${u.displayName} <${u.email}>` })),
            ],
            rule?.userId ?? '',
            { 'data-pointer': `${pointer}/userId` },
          )
        : input({ value: rule?.userId ?? '', 'data-pointer': `${pointer}/userId` });
      const whoField = ks.field(t('user'), who, userList ? undefined : t('userHint'));
      whoField.hidden = current !== 'user';
      const update = () => {
        const value = (kind as HTMLSelectElement).value;
        whoField.hidden = value !== 'user';
        set(value === 'user' ? { userId: (who as HTMLInputElement).value } : { relation: value });
        changed();
      };
      kind.addEventListener('change', update);
      who.addEventListener(userList ? 'change' : 'input', update);
      return h('div', null, ks.field(label, kind), whoField);
    }

    function targetSelect(
      current: string,
      pointer: string,
      set: (value: string) => void,
      extra: { value: string; label: string }[] = [],
    ) {
      return onValue(
        select(targetOptions(current, extra), current, { 'data-pointer': pointer }),
        (v) => {
          set(v);
          changed(true);
        },
        'change',
      );
    }

    function deadlineEditor(step: Step, at: string): HTMLElement {
      const has = h('input', { type: 'checkbox', id: uid('due'), checked: !!step.due }) as HTMLInputElement;
      const box = h('div', null);
      const draw = () => {
        if (!step.due) return ks.fill(box);
        const due = step.due;
        const days = onValue(
          h('input', {
            type: 'number',
            min: 0,
            step: 'any',
            value: due.days,
            'data-pointer': `${at}/due/days`,
          }),
          (v) => {
            due.days = v === '' ? '' : Number(v);
            changed();
          },
        );
        const remind = onValue(
          input({ value: (due.remindBefore ?? []).join(', '), 'data-pointer': `${at}/due/remindBefore` }),
          (v) => {
            const list = numbers(v);
            if (list.length) due.remindBefore = list;
            else delete due.remindBefore;
            changed();
          },
        );
        const actions = step.type === 'form' ? ['submit'] : ['approve', 'reject'];
        const escalation = due.escalate?.to ? 'manager' : (due.escalate?.action ?? 'none');
        const escalate = onValue(
          select(
            ['none', 'manager', ...actions].map((v) => ({ value: v, label: t(`escalate.${v}`) })),
            escalation,
            { 'data-pointer': `${at}/due/escalate` },
          ),
          (v) => {
            if (v === 'none') delete due.escalate;
            else due.escalate = v === 'manager' ? { to: 'manager_of_assignee' } : { action: v };
            changed();
          },
          'change',
        );
        ks.fill(
          box,
          ks.field(t('days'), days),
          ks.field(t('remindBefore'), remind),
          ks.field(t('escalate'), escalate),
        );
      };
      has.addEventListener('change', () => {
        if (has.checked) step.due = { days: 5, remindBefore: [1] };
        else delete step.due;
        draw();
        changed();
      });
      draw();
      return h(
        'fieldset',
        { 'data-pointer': `${at}/due` },
        h('legend', null, t('deadline')),
        h('div', null, has, ' ', h('label', { for: has.id }, t('hasDeadline'))),
        box,
      );
    }

    /** A step of another type, keeping its id, title and where it went. */
    function converted(step: Step, type: string): Step {
      const next =
        typeof step.next === 'string'
          ? step.next
          : step.next && typeof step.next === 'object'
            ? step.next.approve
            : typeof step.otherwise === 'string'
              ? step.otherwise
              : firstEnd();
      const common = { id: step.id, type, title: step.title };
      const make: Record<string, () => Step> = {
        form: () => ({
          ...common,
          form: { key: formKeys[0] ?? '' },
          assignee: { relation: 'account_manager' },
          next,
        }),
        approval: () => ({
          ...common,
          mode: 'single',
          assignees: [{ relation: 'manager_of_account_manager' }],
          next: { approve: next, reject: next },
        }),
        compute: () => ({ ...common, next }),
        condition: () => ({ ...common, branches: [{ when: 'score >= 60', next }], otherwise: next }),
        parallel: () => ({ ...common, branches: [next, next] }),
        join: () => ({ ...common, next }),
        wait: () => ({ ...common, days: 7, next }),
        notify: () => ({
          ...common,
          to: { relation: 'account_manager' },
          // A document carries both languages, whatever the page's language.
          message: {
            subject: { 'zh-CN': '{period} 考核通知', en: 'About your {period} review' },
            body: { 'zh-CN': '请查看 {period} 考核。', en: 'Please look at your {period} review.' },
          },
          next,
        }),
        end: () => ({ ...common, outcome: 'completed' }),
      };
      return make[type]!();
    }

    function renameStep(from: string, to: string): void {
      if (!to || from === to || doc.steps.some((s) => s.id === to)) return;
      const swap = (v: string | undefined) => (v === from ? to : v);
      if (doc.start === from) doc.start = to;
      for (const step of doc.steps) {
        if (typeof step.next === 'string') step.next = swap(step.next);
        else if (step.next && typeof step.next === 'object') {
          step.next.approve = swap(step.next.approve)!;
          step.next.reject = swap(step.next.reject)!;
          if (step.next.return !== undefined) step.next.return = swap(step.next.return);
        }
        if (step.otherwise !== undefined) step.otherwise = swap(step.otherwise);
        if (step.branches)
          step.branches = step.branches.map((b) =>
            typeof b === 'string' ? swap(b)! : { ...b, next: swap(b.next)! },
          );
      }
    }

    function drawSide(): void {
      if (selected === null || !doc.steps[selected]) {
        ks.fill(
          side,
          h('h2', { id: 'ks-wf-h-step' }, t('step')),
          h('p', { class: 'ks-meta' }, t('chooseStep')),
        );
        return;
      }
      const i = selected;
      const step = doc.steps[i]!;
      const at = `/steps/${i}`;
      const parts: (HTMLElement | null)[] = [];

      const id = input({
        value: step.id,
        'data-pointer': `${at}/id`,
        pattern: '^[a-z][a-z0-9_]{0,63}$',
        spellcheck: false,
      });
      id.addEventListener('change', () => {
        const old = step.id;
        renameStep(old, id.value);
        step.id = id.value;
        drawHeader();
        drawSide();
        changed(true);
      });
      const titleZh = onValue(
        input({ value: step.title?.['zh-CN'] ?? '', 'data-pointer': `${at}/title/zh-CN` }),
        (v) => {
          step.title = { ...step.title, 'zh-CN': v };
          changed();
        },
      );
      const titleEn = onValue(
        input({ value: step.title?.en ?? '', 'data-pointer': `${at}/title/en` }),
        (v) => {
          step.title = { ...step.title, en: v };
          changed();
        },
      );
      const type = onValue(
        select(
          STEP_TYPES.map((x) => ({ value: x, label: t(`type.${x}`) })),
          step.type,
          { 'data-pointer': `${at}/type` },
        ),
        (v) => {
          doc.steps[i] = converted(step, v);
          drawSide();
          changed(true);
        },
        'change',
      );
      parts.push(
        ks.field(t('stepId'), id, t('stepIdHint')),
        ks.field(t('titleZh'), titleZh),
        ks.field(t('titleEn'), titleEn),
        ks.field(t('type'), type),
      );

      const nextField = () =>
        ks.field(
          t('next'),
          targetSelect(typeof step.next === 'string' ? step.next : '', `${at}/next`, (v) => {
            step.next = v;
          }),
        );

      if (step.type === 'form') {
        const listId = uid('forms');
        const formKey = onValue(
          input({ value: step.form?.key ?? '', list: listId, 'data-pointer': `${at}/form/key` }),
          (v) => {
            step.form = { ...step.form, key: v };
            changed();
          },
        );
        const version = onValue(
          h('input', {
            type: 'number',
            min: 1,
            step: 1,
            value: step.form?.version ?? '',
            'data-pointer': `${at}/form/version`,
          }),
          (v) => {
            const form = { key: step.form?.key ?? '', ...step.form };
            if (v === '') delete form.version;
            else form.version = Number(v);
            step.form = form;
            changed();
          },
        );
        parts.push(
          ks.field(t('form'), formKey),
          h(
            'datalist',
            { id: listId },
            formKeys.map((k) => h('option', { value: k })),
          ),
          ks.field(t('formVersion'), version),
          ruleEditor(step.assignee, `${at}/assignee`, t('assignee'), (rule) => {
            step.assignee = rule;
          }),
          nextField(),
          deadlineEditor(step, at),
        );
      } else if (step.type === 'approval') {
        const mode = onValue(
          select(
            ['single', 'any', 'all', 'sequence'].map((m) => ({ value: m, label: t(`mode.${m}`) })),
            step.mode ?? 'single',
            {
              'data-pointer': `${at}/mode`,
            },
          ),
          (v) => {
            step.mode = v;
            changed();
          },
          'change',
        );
        const rules = step.assignees ?? (step.assignees = []);
        const ruleBox = h(
          'fieldset',
          { 'data-pointer': `${at}/assignees` },
          h('legend', null, t('assignees')),
          rules.map((rule, j) =>
            h(
              'div',
              { class: 'ks-wf-item' },
              ruleEditor(rule, `${at}/assignees/${j}`, t('rule', { n: j + 1 }), (r) => {
                rules[j] = r;
              }),
              rules.length > 1 ? editButton(t('removeRule', { n: j + 1 }), () => rules.splice(j, 1)) : null,
            ),
          ),
          editButton(t('addRule'), () => rules.push({ relation: 'department_head' })),
        );
        const next =
          step.next && typeof step.next === 'object'
            ? step.next
            : (step.next = { approve: firstEnd(), reject: firstEnd() });
        parts.push(
          ks.field(t('mode'), mode),
          ruleBox,
          ks.field(
            t('next.approve'),
            targetSelect(next.approve, `${at}/next/approve`, (v) => (next.approve = v)),
          ),
          ks.field(
            t('next.reject'),
            targetSelect(next.reject, `${at}/next/reject`, (v) => (next.reject = v)),
          ),
          ks.field(
            t('next.return'),
            targetSelect(
              next.return ?? '',
              `${at}/next/return`,
              (v) => {
                if (v === '') delete next.return;
                else next.return = v;
              },
              [{ value: '', label: t('noReturn') }],
            ),
          ),
          deadlineEditor(step, at),
        );
      } else if (step.type === 'compute' || step.type === 'join') {
        parts.push(nextField());
      } else if (step.type === 'condition') {
        const branches = (step.branches ?? (step.branches = [])) as { when: string; next: string }[];
        parts.push(
          h(
            'fieldset',
            { 'data-pointer': `${at}/branches` },
            h('legend', null, t('branches')),
            branches.map((b, j) => {
              const when = onValue(
                input({
                  value: b.when ?? '',
                  class: 'ks-wf-formula',
                  spellcheck: false,
                  'data-pointer': `${at}/branches/${j}/when`,
                }),
                (v) => {
                  b.when = v;
                  changed();
                },
              );
              return h(
                'div',
                { class: 'ks-wf-item', 'data-branch': j },
                h('p', { class: 'ks-meta' }, t('branch', { n: j + 1 })),
                ks.field(t('when'), when, j === 0 ? t('whenHint') : undefined),
                ks.field(
                  t('then'),
                  targetSelect(b.next ?? '', `${at}/branches/${j}/next`, (v) => (b.next = v)),
                ),
                branches.length > 1
                  ? editButton(t('removeBranch', { n: j + 1 }), () => branches.splice(j, 1))
                  : null,
              );
            }),
            editButton(t('addBranch'), () =>
              branches.push({ when: 'TRUE', next: step.otherwise ?? firstEnd() }),
            ),
          ),
          ks.field(
            t('otherwise'),
            targetSelect(step.otherwise ?? '', `${at}/otherwise`, (v) => (step.otherwise = v)),
          ),
        );
      } else if (step.type === 'parallel') {
        const branches = (step.branches ?? (step.branches = [])) as string[];
        parts.push(
          h(
            'fieldset',
            { 'data-pointer': `${at}/branches` },
            h('legend', null, t('branches')),
            branches.map((b, j) =>
              h(
                'div',
                { class: 'ks-wf-item' },
                ks.field(
                  t('branch', { n: j + 1 }),
                  targetSelect(b, `${at}/branches/${j}`, (v) => (branches[j] = v)),
                ),
                branches.length > 2
                  ? editButton(t('removeBranch', { n: j + 1 }), () => branches.splice(j, 1))
                  : null,
              ),
            ),
            editButton(t('addBranch'), () => branches.push(firstEnd())),
          ),
        );
      } else if (step.type === 'wait') {
        const days = onValue(
          h('input', {
            type: 'number',
            min: 0,
            step: 'any',
            value: step.days ?? '',
            'data-pointer': `${at}/days`,
          }),
          (v) => {
            step.days = v === '' ? '' : Number(v);
            changed();
          },
        );
        const reminders = onValue(
          input({ value: (step.reminders ?? []).join(', '), 'data-pointer': `${at}/reminders` }),
          (v) => {
            const list = numbers(v);
            if (list.length) step.reminders = list;
            else delete step.reminders;
            changed();
          },
        );
        const remindTo = onValue(
          select(
            [
              { value: '', label: t('remindAdmins') },
              ...RELATIONS.map((r) => ({ value: r, label: t(`relation.${r}`) })),
            ],
            step.remindTo?.relation ?? '',
            { 'data-pointer': `${at}/remindTo` },
          ),
          (v) => {
            if (v === '') delete step.remindTo;
            else step.remindTo = { relation: v };
            changed();
          },
          'change',
        );
        parts.push(
          ks.field(t('waitDays'), days),
          ks.field(t('reminders'), reminders),
          ks.field(t('remindTo'), remindTo),
          nextField(),
        );
      } else if (step.type === 'notify') {
        const message =
          step.message ??
          (step.message = { subject: { 'zh-CN': '', en: '' }, body: { 'zh-CN': '', en: '' } });
        const text = (part: 'subject' | 'body', locale: 'zh-CN' | 'en', label: string) =>
          ks.field(
            label,
            onValue(
              part === 'subject'
                ? input({
                    value: message[part][locale] ?? '',
                    'data-pointer': `${at}/message/${part}/${locale}`,
                  })
                : h(
                    'textarea',
                    { rows: 3, 'data-pointer': `${at}/message/${part}/${locale}` },
                    message[part][locale] ?? '',
                  ),
              (v) => {
                message[part] = { ...message[part], [locale]: v };
                changed();
              },
            ),
          );
        parts.push(
          ruleEditor(step.to, `${at}/to`, t('to'), (rule) => {
            step.to = rule;
          }),
          text('subject', 'zh-CN', t('subjectZh')),
          text('subject', 'en', t('subjectEn')),
          text('body', 'zh-CN', t('bodyZh')),
          text('body', 'en', t('bodyEn')),
          h('p', { class: 'ks-hint' }, t('placeholderHint')),
          nextField(),
        );
      } else if (step.type === 'end') {
        parts.push(
          ks.field(
            t('outcome'),
            onValue(
              select(
                ['completed', 'rejected'].map((o) => ({ value: o, label: t(`outcome.${o}`) })),
                step.outcome ?? 'completed',
                {
                  'data-pointer': `${at}/outcome`,
                },
              ),
              (v) => {
                step.outcome = v;
                changed();
              },
              'change',
            ),
          ),
        );
      }

      const actions = h(
        'div',
        { class: 'ks-actions' },
        doc.start !== step.id
          ? h(
              'button',
              {
                type: 'button',
                onclick: () => {
                  doc.start = step.id;
                  drawHeader();
                  drawSide();
                  changed(true);
                },
              },
              t('setStart'),
            )
          : null,
        h(
          'button',
          {
            type: 'button',
            class: 'ks-danger',
            id: 'ks-wf-delete',
            onclick: () => {
              doc.steps.splice(i, 1);
              selected = null;
              drawHeader();
              drawSide();
              ks.say(t('deleted', { id: step.id }));
              changed(true);
            },
          },
          t('deleteStep'),
        ),
      );
      ks.fill(
        side,
        h(
          'div',
          { class: 'ks-wf-stepform', 'data-pointer': at },
          h('h2', { id: 'ks-wf-h-step' }, t('editStep', { title: stepTitle(step) || step.id })),
          parts,
          actions,
        ),
      );
    }

    // ---- Adding a step.
    const newType = select(
      STEP_TYPES.map((x) => ({ value: x, label: t(`type.${x}`) })),
      'approval',
      { id: 'ks-wf-new-type' },
    );
    const addForm = h(
      'form',
      { class: 'ks-row', id: 'ks-wf-add' },
      ks.field(t('newStepType'), newType),
      h('div', { class: 'ks-actions' }, h('button', { type: 'submit' }, t('addStep'))),
    );
    addForm.addEventListener('submit', (event) => {
      event.preventDefault();
      let n = doc.steps.length + 1;
      while (doc.steps.some((s) => s.id === `step_${n}`)) n++;
      const step = converted(
        { id: `step_${n}`, type: 'compute', title: { 'zh-CN': '新步骤', en: 'New step' } },
        newType.value,
      );
      doc.steps.push(step);
      ks.say(t('added', { id: step.id }));
      drawHeader();
      choose(doc.steps.length - 1, true);
      changed(true);
    });

    // ---- Save, check, publish.
    const saveButton = h('button', { type: 'button', class: 'ks-primary', id: 'ks-wf-save' }, t('saveDraft'));
    const checkButton = h('button', { type: 'button', id: 'ks-wf-check' }, t('check'));
    const publishButton = h('button', { type: 'button', id: 'ks-wf-publish' }, t('publish'));
    const actionsBox = h('div', { class: 'ks-actions', id: 'ks-wf-actions' });

    /** A refusal: its message, and its problems (if it names any) listed and next to their fields. */
    const refused = (problem: ApiProblem | null) => {
      ks.say(problem?.message ?? '', 'error');
      if (problem?.errors) setErrors(draft.problems(problem.errors));
    };
    async function save(): Promise<boolean> {
      ks.say(t('saving'));
      const answer = await draft.save(doc);
      if (!answer.ok) {
        if (answer.status === 409) {
          ks.say(t('stale'), 'error');
          ks.fill(
            actionsBox,
            saveButton,
            checkButton,
            publishButton,
            h('button', { type: 'button', onclick: () => location.reload() }, t('reload')),
          );
        } else refused(answer.problem);
        return false;
      }
      updateStatus();
      // The server's check of the saved draft.
      const checked = await draft.check();
      const list = checked.ok ? draft.problems(checked.data.errors) : [];
      spokenCount = list.length;
      setErrors(list);
      ks.say(
        list.length ? t('savedProblems', { count: list.length }) : t('savedValid'),
        list.length ? 'error' : 'ok',
      );
      return true;
    }
    saveButton.addEventListener('click', () => void save());
    checkButton.addEventListener('click', async () => {
      clearTimeout(timer);
      await refresh();
      if (!errors.length) ks.say(t('checked'));
      else ks.say(t('problemsFound', { count: errors.length }), 'error');
    });
    publishButton.addEventListener('click', async () => {
      // Unchanged since the last version: publishing would only repeat it.
      if (draft.state() === 'published')
        return ks.say(t('nothingToPublish', { version: draft.view.publishedVersion ?? '—' }));
      if (draft.dirty && !(await save())) return;
      const answer = await draft.publish();
      if (!answer.ok) return refused(answer.problem);
      draft.dirty = false;
      updateStatus();
      ks.say(t('published', { version: answer.data.version }));
    });
    ks.fill(actionsBox, saveButton, checkButton, publishButton);
    draft.guardLeave(t('leave'));

    drawHeader();
    drawSide();
    updateStatus();
    ks.fill(
      ks.root,
      h('p', null, h('a', { href: `/console/workflows?lang=${ks.locale}` }, `← ${t('back')}`)),
      header,
      actionsBox,
      h('p', { class: 'ks-hint' }, t('publishHint')),
      h(
        'div',
        { class: 'ks-wf-grid' },
        h(
          'section',
          { class: 'ks-card', 'aria-labelledby': 'ks-wf-h-diagram' },
          h('h2', { id: 'ks-wf-h-diagram' }, t('diagram')),
          h('p', { class: 'ks-hint' }, t('diagramHint')),
          zoomBar,
          diagram,
          h('h3', null, t('addStep')),
          addForm,
        ),
        side,
      ),
      problemsBox,
      stepsBox,
      h('details', { class: 'ks-card ks-wf-json' }, h('summary', null, t('json')), jsonBox),
    );
    await refresh();
    draft.dirty = false;
    updateStatus();
    ks.ready();
  },
};
