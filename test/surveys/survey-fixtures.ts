import request from 'supertest';
import type { TestApp } from '../support/test-app';

/**
 * A survey an admin writes as a document, no code: three required star ratings, an overall score the server
 * computes, an optional comment, and measures that feed the satisfaction metrics.
 */
export const PARTNER_SURVEY = {
  key: 'partner_feedback',
  title: { 'zh-CN': '合作满意度调查', en: 'Partner satisfaction survey' },
  description: {
    'zh-CN': '请根据本季度的合作情况打分。',
    en: 'Please rate how we worked together this quarter.',
  },
  dataSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['service_quality', 'product_quality', 'response_speed'],
    properties: {
      service_quality: { type: 'integer', minimum: 1, maximum: 5 },
      product_quality: { type: 'integer', minimum: 1, maximum: 5 },
      response_speed: { type: 'integer', minimum: 1, maximum: 5 },
      overall: { type: 'number', minimum: 1, maximum: 5 },
      comments: { type: 'string', maxLength: 2000 },
    },
  },
  layout: {
    sections: [
      {
        id: 'ratings',
        title: { 'zh-CN': '评分', en: 'Ratings' },
        fields: [
          {
            name: 'service_quality',
            widget: 'rating',
            label: { 'zh-CN': '服务质量', en: 'Service quality' },
          },
          {
            name: 'product_quality',
            widget: 'rating',
            label: { 'zh-CN': '产品质量', en: 'Product quality' },
          },
          { name: 'response_speed', widget: 'rating', label: { 'zh-CN': '响应速度', en: 'Response speed' } },
          {
            name: 'overall',
            widget: 'number',
            label: { 'zh-CN': '综合满意度', en: 'Overall satisfaction' },
            compute: 'ROUND(AVERAGE(service_quality, product_quality, response_speed), 2)',
          },
          { name: 'comments', widget: 'textarea', label: { 'zh-CN': '其他意见', en: 'Other comments' } },
        ],
      },
    ],
  },
  measures: [
    { metric: 'satisfaction_service', field: 'service_quality', scale: 'rating5' },
    { metric: 'satisfaction_product', field: 'product_quality', scale: 'rating5' },
    { metric: 'satisfaction_response', field: 'response_speed', scale: 'rating5' },
    { metric: 'satisfaction_score', field: 'overall', scale: 'rating5' },
  ],
};

export interface SurveyAccounts {
  accountIds: string[];
}

/** A department, an account manager and `contacts.length` accounts, account i with contacts[i] contacts. */
export async function surveyAccounts(t: TestApp, contacts: number[]): Promise<SurveyAccounts> {
  const departmentId = (
    await t.api
      .post('/api/departments')
      .send({ code: 'KA', nameZh: '大客户部', nameEn: 'Key accounts' })
      .expect(201)
  ).body.id as string;
  const managerId = (
    await t.api
      .post('/api/people')
      .send({
        employeeNo: 'AM1',
        name: '王磊',
        email: 'wang.lei@example.com',
        function: 'sales',
        title: 'Account manager',
        departmentId,
      })
      .expect(201)
  ).body.id as string;
  const accountIds: string[] = [];
  for (const [i, count] of contacts.entries()) {
    const accountId = (
      await t.api
        .post('/api/accounts')
        .send({
          code: `ACC${i + 1}`,
          name: `客户${i + 1}`,
          nameEn: `Account ${i + 1}`,
          accountType: i % 2 ? 'local_enterprise' : 'multinational',
          industry: 'energy',
          region: 'east',
          managerId,
          since: '2020-01-01',
        })
        .expect(201)
    ).body.id as string;
    accountIds.push(accountId);
    for (let c = 0; c < count; c++) {
      await t.api
        .post(`/api/accounts/${accountId}/contacts`)
        .send({
          name: `联系人 ${i + 1}-${c + 1}`,
          email: `contact${c + 1}@acc${i + 1}.example.com`,
          locale: c % 2 ? 'en' : 'zh-CN',
        })
        .expect(201);
    }
  }
  return { accountIds };
}

export interface IssuedLink {
  accountId: string;
  contactId: string;
  token: string;
  path: string;
  locale: 'zh-CN' | 'en';
}

/** Creates and launches a campaign; returns its id and the links (shown only in the launch answer). */
export async function launchCampaign(
  t: TestApp,
  input: {
    form: { key: string; version?: number };
    accountIds: string[];
    minResponses?: number;
    period?: string;
  },
): Promise<{ campaignId: string; links: IssuedLink[] }> {
  const created = await t.api
    .post('/api/surveys/campaigns')
    .send({
      name: { 'zh-CN': '2026 年第三季度客户满意度调查', en: 'Customer satisfaction, 2026 Q3' },
      form: input.form,
      period: input.period ?? '2026-Q3',
      accountIds: input.accountIds,
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      ...(input.minResponses ? { minResponses: input.minResponses } : {}),
    })
    .expect(201);
  const launched = await t.api.post(`/api/surveys/campaigns/${created.body.id}/launch`).expect(200);
  return { campaignId: created.body.id as string, links: launched.body.links as IssuedLink[] };
}

/** A form post the way a browser sends the survey page. */
export function postForm(t: TestApp, path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return request(t.app.getHttpServer())
    .post(path)
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(body.toString());
}

/** The wrapper of one field in the rendered page (`<div … id="w-name">…</div>`). */
export function fieldBlock(html: string, name: string): string {
  const start = html.indexOf(`id="w-${name}"`);
  if (start < 0) throw new Error(`no field ${name} in the page`);
  const next = html.indexOf('<div class="ks-field', start + 1);
  return html.slice(start, next < 0 ? undefined : next);
}
