import { ajv } from '../ajv';
import { checkForm } from '../check-form.util';
import { compileForm } from '../compile-form.util';
import { formDocumentSchema } from '../form.schema';
import { renderPage } from '../render-page.util';
import { responseMeasures } from '../survey-measures.util';
import { tags } from '../test-support/fixtures';
import { BUILTIN_FORMS, CUSTOMER_SATISFACTION_FORM, MANAGER_REVIEW_FORM } from './index';

/** A complete, valid submission for each built-in form. */
const SAMPLES: Record<string, Record<string, unknown>> = {
  customer_satisfaction: {
    service_quality: 4,
    product_quality: 5,
    response_speed: 3,
    experience: { delivery: 4, communication: 5, expertise: 4, after_sales: 3 },
    topics: ['pricing', 'delivery'],
    last_visit: '2026-03-18',
    nps: 8,
    renew_intent: 'likely',
    comments: '整体合作顺畅，希望交付周期再缩短一些。',
    contact_role: 'procurement',
    contact_name: '陈晓',
    contact_email: 'chen.xiao@example.cn',
    preferred_channel: 'wechat',
    follow_up: true,
  },
  am_self_assessment: {
    achievements: '完成华东区年度框架协议续签，销售额同比增长 25%，新增两个项目。',
    score_results: 4,
    score_relationship: 5,
    score_collaboration: 3,
    score_growth: 4,
    challenges: '竞争对手第二季度大幅降价，客户采购流程调整导致回款延迟。',
    support_needed: ['pricing', 'executive'],
    support_detail: '希望在续约谈判中获得阶梯价格政策，并安排一次高层拜访。',
    next_goals: '推进二期项目立项。',
  },
  manager_review: {
    rating_results: 4,
    rating_customer: 4,
    rating_teamwork: 3,
    rating_compliance: 5,
    band: 'A',
    strengths: '客户关系扎实，能主动发现新需求。',
    comments: '本期业绩超额完成，跨部门协同仍有提升空间。',
  },
  am_annual_self_assessment: {
    achievements: '全年完成三家重点客户的框架协议续签，销售额同比增长 18%。',
    score_results: 4,
    score_relationship: 4,
    score_collaboration: 4,
    score_growth: 3,
    challenges: '上半年交付资源紧张，部分项目延期。',
    year_review: '重点客户结构更加均衡，新增两家跨国客户。',
    next_year_goals: '推动两个战略客户进入二期合作。',
  },
  cross_department_feedback: {
    handover: 4,
    responsiveness: 5,
    joint_planning: 3,
    comments: '需求交接及时，联合规划可以更早开始。',
  },
  dispute_reason: { kpi: 'customer_satisfaction', reason: '本季度满意度调查样本过少，不具代表性。' },
};

describe('BUILTIN_FORMS', () => {
  it('has the built-in forms with distinct keys', () => {
    expect(BUILTIN_FORMS.map((f) => f.key)).toEqual([
      'customer_satisfaction',
      'am_self_assessment',
      'manager_review',
      'am_annual_self_assessment',
      'cross_department_feedback',
      'dispute_reason',
    ]);
  });

  describe.each(BUILTIN_FORMS.map((f) => [f.key, f] as const))('%s', (key, doc) => {
    it('passes its schema and checkForm', () => {
      const validate = ajv.compile(formDocumentSchema);
      expect(validate(doc) ? [] : validate.errors).toEqual([]);
      expect(checkForm(doc)).toEqual([]);
    });

    it('accepts a complete submission', () => {
      const r = compileForm(doc, `${key}@1`).process(SAMPLES[key], { mode: 'final' });
      expect(r.errors).toEqual([]);
      expect(r.ok).toBe(true);
    });

    it('saves an empty draft and refuses an empty final submission', () => {
      const form = compileForm(doc, `${key}@1`);
      expect(form.process({}, { mode: 'draft' }).ok).toBe(true);
      expect(form.process({}, { mode: 'final' }).errors.length).toBeGreaterThanOrEqual(2);
    });

    it.each(['zh-CN', 'en'] as const)('renders a labelled page in %s', (locale) => {
      const form = compileForm(doc, `${key}@1`);
      const { data, errors } = form.process({}, { mode: 'final' });
      const html = form.renderHtml({ locale, data, errors, action: `/forms/${key}`, draftButton: true });
      const labels = new Set(tags(html, 'label').map((a) => a.for));
      for (const tag of ['input', 'select', 'textarea', 'output']) {
        for (const a of tags(html, tag)) expect(labels.has(a.id)).toBe(true);
      }
      expect(html).toContain('role="alert"');
      const page = renderPage({ locale, title: doc.title[locale], bodyHtml: html });
      expect(page).toContain(`<html lang="${locale}">`);
      // Every text comes in the page's language.
      if (locale === 'en') expect(html.replace(/value="[^"]*"/g, '')).not.toMatch(/[\u4e00-\u9fa5]/);
      else expect(html).toContain('请修正以下问题');
      // The JSON model has every label in the chosen language.
      const model = form.renderModel({ locale, data: SAMPLES[key] });
      expect(model.sections.flatMap((s) => s.fields).every((f) => f.label.length > 0)).toBe(true);
    });
  });

  it('customer_satisfaction: asks what to improve only of detractors, and gives the satisfaction metrics', () => {
    const form = compileForm(CUSTOMER_SATISFACTION_FORM, 'customer_satisfaction@1');
    const promoter = form.process({ ...SAMPLES.customer_satisfaction, improve: '价格' }, { mode: 'final' });
    expect(promoter.hidden).toEqual(['improve']);
    expect(promoter.data.overall).toBe(4);
    const detractor = form.process(
      { ...SAMPLES.customer_satisfaction, nps: 5, improve: '报价速度太慢' },
      { mode: 'final' },
    );
    expect(detractor.hidden).toEqual([]);
    expect(detractor.data.improve).toBe('报价速度太慢');
    expect(responseMeasures(CUSTOMER_SATISFACTION_FORM, promoter.data)).toEqual({
      satisfaction_service: 80,
      satisfaction_product: 100,
      satisfaction_response: 60,
      satisfaction_score: 80,
    });
  });

  it('customer_satisfaction: a form post from the page is processed like JSON', () => {
    const form = compileForm(CUSTOMER_SATISFACTION_FORM, 'customer_satisfaction@1');
    const data = form.parseFormPost({
      service_quality: '4',
      product_quality: '5',
      response_speed: '3',
      'experience.delivery': '4',
      topics: ['pricing', 'delivery'],
      nps: '8',
      contact_role: 'procurement',
      contact_email: '',
      _action: 'submit',
    });
    expect(form.process(data, { mode: 'final' })).toMatchObject({
      ok: true,
      data: { overall: 4, follow_up: false },
    });
  });

  it('manager_review: a C or D band needs an improvement plan, other bands drop it', () => {
    const form = compileForm(MANAGER_REVIEW_FORM, 'manager_review@1');
    const c = form.process({ ...SAMPLES.manager_review, band: 'C' }, { mode: 'final' });
    expect(c.ok).toBe(false);
    expect(c.errors.map((e) => e.pointer)).toEqual(['/improvement_plan']);
    const withPlan = form.process(
      { ...SAMPLES.manager_review, band: 'D', improvement_plan: '三个月内完成两次客户回访并提交改进报告。' },
      { mode: 'final' },
    );
    expect(withPlan.ok).toBe(true);
    const a = form.process(
      { ...SAMPLES.manager_review, improvement_plan: '不需要的内容' },
      { mode: 'final' },
    );
    expect(a.ok).toBe(true);
    expect(a.data).not.toHaveProperty('improvement_plan');
    expect(a.data.average).toBe(4);
  });
});
