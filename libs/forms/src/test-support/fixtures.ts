import type { FormDocument } from '../form.schema';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** A small survey with every feature: rating, nps, a conditional field, a computed field, likert, checkboxes. */
export function sampleForm(overrides: Partial<FormDocument> = {}): FormDocument {
  return {
    key: 'visit_feedback',
    version: 3,
    title: t('拜访反馈', 'Visit feedback'),
    dataSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['service_quality', 'nps', 'improve'],
      properties: {
        service_quality: { type: 'integer', minimum: 1, maximum: 5 },
        speed: { type: 'integer', minimum: 1, maximum: 5 },
        overall: { type: 'number' },
        nps: { type: 'integer', minimum: 0, maximum: 10 },
        improve: { type: 'string', minLength: 2, maxLength: 500 },
        experience: {
          type: 'object',
          additionalProperties: false,
          required: ['delivery'],
          properties: {
            delivery: { type: 'integer', minimum: 1, maximum: 5 },
            expertise: { type: 'integer' },
          },
        },
        topics: { type: 'array', items: { enum: ['price', 'delivery', 'support'] } },
        agree: { type: 'boolean' },
        headcount: { type: 'integer', minimum: 0 },
        email: { type: 'string', format: 'email' },
      },
    },
    layout: {
      sections: [
        {
          id: 'main',
          title: t('评价', 'Ratings'),
          fields: [
            {
              name: 'service_quality',
              widget: 'rating',
              label: t('服务质量', 'Service quality'),
              help: t('1–5 星', '1–5 stars'),
            },
            { name: 'speed', widget: 'rating', label: t('响应速度', 'Response speed') },
            {
              name: 'overall',
              widget: 'number',
              label: t('综合', 'Overall'),
              compute: 'AVERAGE(service_quality, speed)',
            },
            { name: 'nps', widget: 'nps', label: t('推荐意愿', 'Recommend') },
            {
              name: 'improve',
              widget: 'textarea',
              label: t('改进建议', 'What to improve'),
              visibleWhen: 'nps <= 6',
            },
          ],
        },
        {
          id: 'more',
          title: t('更多', 'More'),
          fields: [
            {
              name: 'experience',
              widget: 'likert',
              label: t('体验', 'Experience'),
              rows: [
                { key: 'delivery', label: t('按时交付', 'On-time delivery') },
                { key: 'expertise', label: t('专业能力', 'Expertise') },
              ],
              scale: [
                { value: 1, label: t('不同意', 'Disagree') },
                { value: 2, label: t('一般', 'Neutral') },
                { value: 3, label: t('同意', 'Agree') },
              ],
            },
            {
              name: 'topics',
              widget: 'checkbox',
              label: t('话题', 'Topics'),
              options: [
                { value: 'price', label: t('价格', 'Price') },
                { value: 'delivery', label: t('交付', 'Delivery') },
                { value: 'support', label: t('支持', 'Support') },
              ],
            },
            { name: 'agree', widget: 'checkbox', label: t('同意联系', 'May contact me') },
            { name: 'headcount', widget: 'number', label: t('人数', 'Headcount') },
            { name: 'email', widget: 'text', label: t('邮箱', 'Email') },
          ],
        },
      ],
    },
    measures: [
      { metric: 'satisfaction_service', field: 'service_quality', scale: 'rating5' },
      { metric: 'recommend', field: 'nps', scale: 'nps10' },
      { metric: 'delivery', field: 'experience.delivery', scale: 'likert' },
      { metric: 'satisfaction', field: 'overall', scale: 'rating5' },
    ],
    ...overrides,
  };
}

/** Every opening tag of `tag` in the HTML, with its attributes as a map (simple attribute syntax only). */
export function tags(html: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([\w-]+)(?:="([^"]*)")?/g)) attrs[a[1]] = a[2] ?? '';
    out.push(attrs);
  }
  return out;
}

/** The data schema of a form document, for specs that change it. */
export function dataSchemaOf(
  d: FormDocument,
): { properties: Record<string, unknown>; required: string[] } & Record<string, unknown> {
  return d.dataSchema as unknown as { properties: Record<string, unknown>; required: string[] };
}
