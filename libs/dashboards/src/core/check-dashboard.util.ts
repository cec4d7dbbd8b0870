import { check, type Node } from '@keyscore/formula';
import type { Bilingual, FieldError } from '@keyscore/i18n';
import type { DashboardDocument, DashboardWidget, WidgetType } from './dashboard.schema';
import { DATASETS, fieldTypes } from './datasets';
import { widgetError, WidgetErrorCode, type WidgetError } from './widget-errors';

const t = (zh: string, en: string): Bilingual => ({ 'zh-CN': zh, en });

/** What each widget type needs: group-by fields and measures (min, max). */
const SHAPES: Record<
  WidgetType,
  { groupBy: [number, number]; measures: [number, number]; needs: Bilingual }
> = {
  number: {
    groupBy: [0, 0],
    measures: [1, 1],
    needs: t('恰好一个度量且不分组', 'exactly one measure and no group-by'),
  },
  bar: { groupBy: [1, 2], measures: [1, 6], needs: t('一到两个分组字段', 'one or two group-by fields') },
  line: { groupBy: [1, 2], measures: [1, 6], needs: t('一到两个分组字段', 'one or two group-by fields') },
  pie: {
    groupBy: [1, 1],
    measures: [1, 1],
    needs: t('一个分组字段和一个度量', 'one group-by field and one measure'),
  },
  radar: { groupBy: [1, 2], measures: [1, 6], needs: t('一到两个分组字段', 'one or two group-by fields') },
  table: { groupBy: [0, 2], measures: [1, 6], needs: t('至多两个分组字段', 'at most two group-by fields') },
  heatmap: {
    groupBy: [2, 2],
    measures: [1, 1],
    needs: t('两个分组字段和一个度量', 'two group-by fields and one measure'),
  },
  scatter: {
    groupBy: [1, 1],
    measures: [2, 3],
    needs: t(
      '一个分组字段（每点一个）和两到三个度量（x、y、大小）',
      'one group-by field (a point each) and two or three measures (x, y, size)',
    ),
  },
};

/**
 * The meaning of one widget beyond its schema: its group-by, sort and alert fields exist, its shape fits its
 * type, and every formula parses and checks against the dataset's fields (aggregate formulas for measures
 * and targets, a row formula for `where`), each problem with the formula's position. `at` prefixes pointers.
 */
export function checkWidget(widget: DashboardWidget, at: string): WidgetError[] {
  const dataset = DATASETS[widget.dataset];
  const types = fieldTypes(widget.dataset);
  const errors: WidgetError[] = [];
  const groupBy = widget.groupBy ?? [];
  groupBy.forEach((field, i) => {
    if (!Object.hasOwn(dataset.fields, field))
      errors.push(
        widgetError(WidgetErrorCode.UnknownField, `${at}/groupBy/${i}`, { dataset: widget.dataset, field }),
      );
  });
  const shape = SHAPES[widget.type];
  if (
    groupBy.length < shape.groupBy[0] ||
    groupBy.length > shape.groupBy[1] ||
    widget.measures.length < shape.measures[0] ||
    widget.measures.length > shape.measures[1] ||
    (groupBy.length === 2 && ['bar', 'line', 'radar'].includes(widget.type) && widget.measures.length > 1)
  ) {
    errors.push(
      widgetError(WidgetErrorCode.WidgetShape, `${at}/type`, {
        type: widget.type,
        needs:
          groupBy.length === 2 &&
          widget.measures.length > 1 &&
          shape.groupBy[1] === 2 &&
          widget.type !== 'table'
            ? t('两个分组字段时只能有一个度量', 'a single measure when it has two group-by fields')
            : shape.needs,
      }),
    );
  }
  const keys = new Set<string>();
  widget.measures.forEach((measure, i) => {
    if (keys.has(measure.key))
      errors.push(
        widgetError(WidgetErrorCode.DuplicateId, `${at}/measures/${i}/key`, { field: measure.key }),
      );
    keys.add(measure.key);
    errors.push(...checkFormula(measure.formula, types, 'aggregate', `${at}/measures/${i}/formula`));
  });
  if (widget.target?.formula)
    errors.push(...checkFormula(widget.target.formula, types, 'aggregate', `${at}/target/formula`));
  if (widget.where) errors.push(...checkFormula(widget.where, types, 'row', `${at}/where`));
  if (widget.sort && !keys.has(widget.sort.by) && !groupBy.includes(widget.sort.by))
    errors.push(widgetError(WidgetErrorCode.UnknownMeasure, `${at}/sort/by`, { field: widget.sort.by }));
  if (widget.alert) {
    if (!keys.has(widget.alert.measure))
      errors.push(
        widgetError(WidgetErrorCode.UnknownMeasure, `${at}/alert/measure`, { field: widget.alert.measure }),
      );
    if (!groupBy.includes('period'))
      errors.push(
        widgetError(WidgetErrorCode.WidgetShape, `${at}/alert`, {
          type: widget.type,
          needs: t('将 period 作为分组字段才能预警', 'period among its group-by fields to raise alerts'),
        }),
      );
  }
  return errors;
}

/** Parses and checks one formula; diagnostics become errors with the formula's position in the message. */
export function checkFormula(
  formula: string,
  types: Record<string, 'number' | 'text'>,
  mode: 'aggregate' | 'row',
  pointer: string,
): WidgetError[] {
  const result = check(formula, types, { mode });
  const errors: WidgetError[] = result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => {
      const position = { start: d.start, length: d.length, line: d.line, column: d.column };
      return widgetError(
        WidgetErrorCode.FormulaInvalid,
        pointer,
        { formula, line: d.line, column: d.column, problem: d.message },
        { formula, position },
      );
    });
  if (result.ast) errors.push(...countOfText(result.ast, formula, types, pointer));
  return errors;
}

/** COUNT(text field) is always 0 (COUNT counts numbers, as in Excel): say so instead of dividing by it. */
function countOfText(
  node: Node,
  formula: string,
  types: Record<string, 'number' | 'text'>,
  pointer: string,
): WidgetError[] {
  const out: WidgetError[] = [];
  const visit = (n: Node) => {
    if (n.type === 'call') {
      if (n.name.toUpperCase() === 'COUNT')
        for (const arg of n.args)
          if (arg.type === 'field' && types[arg.name] === 'text') {
            const { line, column } = lineColumn(formula, arg.start);
            out.push(
              widgetError(
                WidgetErrorCode.CountOfText,
                pointer,
                { formula, line, column, field: arg.name },
                { formula, position: { start: arg.start, length: arg.end - arg.start, line, column } },
              ),
            );
          }
      n.args.forEach(visit);
    } else if (n.type === 'binary') {
      visit(n.left);
      visit(n.right);
    } else if (n.type === 'unary') visit(n.operand);
  };
  visit(node);
  return out;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** The meaning check of a dashboard document (after its schema holds): widget ids, then each widget. */
export function checkDashboard(document: DashboardDocument): FieldError[] {
  const errors: WidgetError[] = [];
  const ids = new Set<string>();
  document.widgets.forEach((widget, i) => {
    if (ids.has(widget.id))
      errors.push(widgetError(WidgetErrorCode.DuplicateId, `/widgets/${i}/id`, { field: widget.id }));
    ids.add(widget.id);
    errors.push(...checkWidget(widget, `/widgets/${i}`));
  });
  return errors.map((e) => ({ pointer: e.pointer, message: e.message }));
}
