import { check } from '@keyscore/formula';
import { pointer, text, type Bilingual, type FieldError } from './bilingual';
import { checkDataSchema } from './check-data-schema.util';
import { FORM_KEY_PATTERN, type FormDocument, type FormField, type Widget } from './form.schema';
import { formulaFieldTypes, orderByReads, topOf } from './form-plan';
import {
  isNumeric,
  itemsOf,
  kindOf,
  requiredOf,
  subProperties,
  topLevelProperties,
  type JsonSchema,
} from './schema-info';

const KEY = new RegExp(FORM_KEY_PATTERN);
const CHOICE_WIDGETS = new Set<Widget>(['select', 'radio', 'checkbox']);
const LABEL_ONLY_OPTIONS = new Set<Widget>(['rating', 'nps']);
const WIDGET_RANGE: Partial<Record<Widget, readonly [number, number]>> = { rating: [1, 5], nps: [0, 10] };
const COMPUTE_WIDGETS = new Set<Widget>(['number', 'text']);

/**
 * The meaning checks of a form document once its JSON Schema holds (pointers into the document): the data
 * schema passes the restricted meta-schema; every layout field names a distinct top-level property with a
 * widget that fits its type; choices exist where a widget needs them; formulas parse and read only known
 * fields; computed and conditional fields form no cycle; every required property can be filled; measures
 * point at fields that can give them a number. Never throws.
 */
export function checkForm(doc: FormDocument): FieldError[] {
  const errors: FieldError[] = [];
  const add = (ptr: string, message: Bilingual) => errors.push({ pointer: ptr, message });
  const root = doc.dataSchema as JsonSchema;

  const schemaErrors = checkDataSchema(root, '/dataSchema');
  errors.push(...schemaErrors);
  if (schemaErrors.length > 0) return errors; // the rest reads the schema, which must be sound first

  const properties = topLevelProperties(root);
  for (const name of properties.keys()) {
    if (!KEY.test(name)) {
      add(
        pointer('dataSchema', 'properties', name),
        text(
          '字段名 {name} 无效：须以小写字母开头，仅含小写字母、数字和下划线',
          'The field name {name} is not valid: a lowercase letter, then lowercase letters, digits or underscores',
          { name },
        ),
      );
    }
  }

  const formulaTypes = formulaFieldTypes(doc);
  const seenSections = new Set<string>();
  const placed = new Map<string, { field: FormField; at: string }>();
  const formulaFields: { name: string; reads: string[]; at: string }[] = [];

  doc.layout.sections.forEach((section, si) => {
    if (seenSections.has(section.id)) {
      add(
        pointer('layout', 'sections', si, 'id'),
        text('分组标识 {id} 重复', 'The section id {id} is used twice', { id: section.id }),
      );
    }
    seenSections.add(section.id);
    section.fields.forEach((field, fi) => {
      const at = pointer('layout', 'sections', si, 'fields', fi);
      const schema = properties.get(field.name);
      if (!schema) {
        add(
          at + '/name',
          text('数据模式中没有属性 {name}', 'The data schema has no property {name}', { name: field.name }),
        );
        return;
      }
      const first = placed.get(field.name);
      if (first) {
        add(
          at + '/name',
          text(
            '字段 {name} 在布局中出现了两次（另见 {other}）',
            'The field {name} appears twice in the layout (also {other})',
            {
              name: field.name,
              other: first.at,
            },
          ),
        );
        return;
      }
      placed.set(field.name, { field, at });
      checkWidget(field, schema, root, at, add);

      const reads = new Set<string>();
      for (const key of ['visibleWhen', 'compute'] as const) {
        const formula = field[key];
        if (formula === undefined) continue;
        const result = check(formula, formulaTypes, { formulas: [] });
        for (const d of result.diagnostics) {
          if (d.severity !== 'error') continue;
          add(
            `${at}/${key}`,
            text('公式错误（第 {col} 列）：{zh}', 'Formula error (column {col}): {en}', {
              col: d.column,
              zh: d.message['zh-CN'],
              en: d.message.en,
            }),
          );
        }
        for (const n of result.dependencies.fields) reads.add(topOf(n));
        if (
          key === 'compute' &&
          isNumeric(kindOf(schema)) &&
          (result.type === 'text' || result.type === 'boolean')
        ) {
          add(
            `${at}/compute`,
            text(
              '计算公式的结果是{type}，而字段是数字',
              'The formula gives a {type} but the field is a number',
              {
                type: result.type,
              },
            ),
          );
        }
      }
      if (field.compute !== undefined && !COMPUTE_WIDGETS.has(field.widget)) {
        add(
          `${at}/compute`,
          text('只有 number 或 text 字段可以是计算字段', 'Only number or text fields can be computed'),
        );
      }
      if (reads.size > 0 || field.visibleWhen !== undefined || field.compute !== undefined) {
        formulaFields.push({ name: field.name, reads: [...reads], at });
      }
    });
  });

  const { cyclic } = orderByReads(formulaFields);
  for (const f of cyclic) {
    const key = placed.get(f.name)?.field.compute !== undefined ? 'compute' : 'visibleWhen';
    add(
      `${f.at}/${key}`,
      text(
        '字段 {name} 的显示条件或计算公式存在循环依赖',
        'The visibility or computed value of {name} depends on itself in a cycle',
        { name: f.name },
      ),
    );
  }

  [...requiredOf(root)].forEach((name, i) => {
    if (properties.has(name) && !placed.has(name)) {
      add(
        pointer('dataSchema', 'required', i),
        text(
          '必填属性 {name} 没有出现在布局中，表单将永远无法提交',
          'The required property {name} has no field in the layout, so the form could never be submitted',
          { name },
        ),
      );
    }
  });

  checkMeasures(doc, placed, add);
  return errors;
}

type Add = (ptr: string, message: Bilingual) => void;

function checkWidget(field: FormField, schema: JsonSchema, root: JsonSchema, at: string, add: Add): void {
  const kind = kindOf(schema);
  const widget = field.widget;
  const mismatch = (expected: Bilingual) =>
    add(
      at + '/widget',
      text(
        '控件 {widget} 与属性类型不符：需要{zh}',
        'The widget {widget} does not fit the property: it needs {en}',
        {
          widget,
          zh: expected['zh-CN'],
          en: expected.en,
        },
      ),
    );
  switch (widget) {
    case 'rating':
    case 'nps':
    case 'number':
      if (!isNumeric(kind)) mismatch(text('number 或 integer 类型', 'type number or integer'));
      break;
    case 'text':
    case 'textarea':
    case 'date':
      if (kind !== 'string') mismatch(text('string 类型', 'type string'));
      break;
    case 'select':
    case 'radio':
      if (kind !== 'string' && !isNumeric(kind))
        mismatch(text('string、number 或 integer 类型', 'type string, number or integer'));
      break;
    case 'checkbox':
      if (kind === 'array') {
        if (!Array.isArray(itemsOf(schema, root).enum))
          mismatch(text('items 带 enum 的数组', 'an array whose items have an enum'));
      } else if (kind !== 'boolean')
        mismatch(
          text('boolean 类型，或 items 带 enum 的数组', 'type boolean, or an array whose items have an enum'),
        );
      break;
    case 'likert':
      if (kind !== 'object')
        mismatch(text('object 类型（每行一个数值）', 'type object (one number per row)'));
      break;
  }

  const needsOptions =
    widget === 'select' || widget === 'radio' || (widget === 'checkbox' && kind === 'array');
  if (needsOptions && !field.options?.length) {
    add(at + '/options', text('控件 {widget} 需要选项', 'The widget {widget} needs options', { widget }));
  }
  if (field.options && !needsOptions && !LABEL_ONLY_OPTIONS.has(widget)) {
    add(
      at + '/options',
      text('控件 {widget} 不使用选项', 'The widget {widget} does not use options', { widget }),
    );
  }
  if (field.options && (needsOptions || LABEL_ONLY_OPTIONS.has(widget))) {
    const allowed = CHOICE_WIDGETS.has(widget)
      ? kind === 'array'
        ? itemsOf(schema, root).enum
        : schema.enum
      : undefined;
    const seen = new Set<string>();
    field.options.forEach((o, oi) => {
      const oat = `${at}/options/${oi}/value`;
      const key = `${typeof o.value}:${o.value}`;
      if (seen.has(key))
        add(oat, text('选项值 {value} 重复', 'The option value {value} is used twice', { value: o.value }));
      seen.add(key);
      if (Array.isArray(allowed) && !allowed.includes(o.value)) {
        add(
          oat,
          text(
            '选项值 {value} 不在数据模式的 enum 中',
            'The option value {value} is not in the data schema enum',
            { value: o.value },
          ),
        );
      }
      const range = WIDGET_RANGE[widget];
      if (
        range &&
        (typeof o.value !== 'number' ||
          o.value < range[0] ||
          o.value > range[1] ||
          !Number.isInteger(o.value))
      ) {
        add(
          oat,
          text('选项值须为 {min} 到 {max} 的整数', 'Option values must be integers from {min} to {max}', {
            min: range[0],
            max: range[1],
          }),
        );
      }
      const itemKind = kind === 'array' ? kindOf(itemsOf(schema, root)) : kind;
      if (CHOICE_WIDGETS.has(widget) && typeof o.value === 'number' && itemKind === 'string') {
        add(oat, text('选项值须为文本', 'Option values must be text'));
      }
      if (CHOICE_WIDGETS.has(widget) && typeof o.value === 'string' && isNumeric(itemKind)) {
        add(oat, text('选项值须为数字', 'Option values must be numbers'));
      }
    });
  }

  if (widget === 'likert') {
    if (!field.rows?.length) add(at + '/rows', text('量表矩阵需要行（rows）', 'A likert field needs rows'));
    if (!field.scale?.length)
      add(at + '/scale', text('量表矩阵需要刻度（scale）', 'A likert field needs a scale'));
    const subs = kind === 'object' ? subProperties(schema, root) : new Map<string, JsonSchema>();
    const seen = new Set<string>();
    field.rows?.forEach((r, ri) => {
      if (seen.has(r.key))
        add(
          `${at}/rows/${ri}/key`,
          text('行键 {key} 重复', 'The row key {key} is used twice', { key: r.key }),
        );
      seen.add(r.key);
      const sub = subs.get(r.key);
      if (subs.size > 0 && !sub) {
        add(
          `${at}/rows/${ri}/key`,
          text('数据模式中没有行 {key}', 'The data schema has no row {key}', { key: r.key }),
        );
      } else if (sub && !isNumeric(kindOf(sub)) && kindOf(sub) !== 'any') {
        add(
          `${at}/rows/${ri}/key`,
          text('行 {key} 在数据模式中须为数字', 'The row {key} must be a number in the data schema', {
            key: r.key,
          }),
        );
      }
    });
    const values = new Set<number>();
    field.scale?.forEach((s, i) => {
      if (values.has(s.value))
        add(
          `${at}/scale/${i}/value`,
          text('刻度值 {value} 重复', 'The scale value {value} is used twice', { value: s.value }),
        );
      values.add(s.value);
    });
  } else {
    if (field.rows) add(at + '/rows', text('只有量表矩阵使用 rows', 'Only likert fields use rows'));
    if (field.scale) add(at + '/scale', text('只有量表矩阵使用 scale', 'Only likert fields use a scale'));
  }
}

const SCALE_WIDGETS: Readonly<Record<string, readonly Widget[]>> = {
  rating5: ['rating', 'number'],
  nps10: ['nps', 'number'],
  percent: ['number'],
};

function checkMeasures(doc: FormDocument, placed: ReadonlyMap<string, { field: FormField }>, add: Add): void {
  const metrics = new Set<string>();
  (doc.measures ?? []).forEach((m, i) => {
    const at = pointer('measures', i);
    if (metrics.has(m.metric)) {
      add(
        at + '/metric',
        text('指标 {metric} 重复', 'The metric {metric} is measured twice', { metric: m.metric }),
      );
    }
    metrics.add(m.metric);
    const [name, row] = m.field.split('.');
    const field = placed.get(name)?.field;
    if (!field) {
      add(at + '/field', text('布局中没有字段 {name}', 'The layout has no field {name}', { name }));
      return;
    }
    if (m.scale === 'likert') {
      if (field.widget !== 'likert' || row === undefined) {
        add(
          at + '/field',
          text(
            'likert 换算须指向量表矩阵的一行（字段.行）',
            'The likert scale needs one likert row (field.row)',
          ),
        );
      } else if (!field.rows?.some((r) => r.key === row)) {
        add(
          at + '/field',
          text('量表矩阵 {name} 没有行 {row}', 'The likert field {name} has no row {row}', { name, row }),
        );
      }
      return;
    }
    const ok = (SCALE_WIDGETS[m.scale] ?? []).includes(field.widget) && row === undefined;
    if (!ok) {
      add(
        at + '/scale',
        text('换算方式 {scale} 不适用于控件 {widget}', 'The scale {scale} does not fit the widget {widget}', {
          scale: m.scale,
          widget: field.widget,
        }),
      );
    }
  });
}
