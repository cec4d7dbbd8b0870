import type { FormDocument } from '@keyscore/forms';

type Field = FormDocument['layout']['sections'][number]['fields'][number];

const TEXT = '本季度重点客户推进顺利 / Key accounts progressed well this quarter.';

/** Plausible answers to every input of a form (computed fields are left to the server): demo seeding. */
export function demoAnswers(form: FormDocument, seed: number): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const section of form.layout.sections) {
    for (const field of section.fields) {
      if (field.compute) continue;
      const value = answer(field, seed);
      if (value !== undefined) answers[field.name] = value;
    }
  }
  return answers;
}

function answer(field: Field, seed: number): unknown {
  const options = field.options ?? [];
  switch (field.widget) {
    case 'rating':
      return 3 + (seed % 3);
    case 'nps':
      return 7 + (seed % 4);
    case 'number':
      return 80 + (seed % 20);
    case 'select':
    case 'radio':
      return options[seed % Math.max(1, options.length)]?.value;
    case 'checkbox':
      return options.length ? [options[0]!.value] : true;
    case 'likert':
      return Object.fromEntries(
        (field.rows ?? []).map((row) => [row.key, field.scale?.[field.scale.length - 2]?.value ?? 4]),
      );
    case 'date':
      return '2026-03-31';
    default:
      return TEXT;
  }
}
