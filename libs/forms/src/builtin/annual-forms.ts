import type { FormDocument } from '../form.schema';
import { AM_SELF_ASSESSMENT_FORM } from './am-self-assessment.form';

const rating = { type: 'integer', minimum: 1, maximum: 5 } as const;

/** 年度自评: the quarterly self-assessment plus a look back over the year and next year's goals. */
export const AM_ANNUAL_SELF_ASSESSMENT_FORM: FormDocument = {
  ...AM_SELF_ASSESSMENT_FORM,
  key: 'am_annual_self_assessment',
  title: { 'zh-CN': '客户经理年度自评', en: 'Account manager annual self-assessment' },
  dataSchema: {
    ...AM_SELF_ASSESSMENT_FORM.dataSchema,
    required: [
      ...(AM_SELF_ASSESSMENT_FORM.dataSchema.required as string[]),
      'year_review',
      'next_year_goals',
    ],
    properties: {
      ...(AM_SELF_ASSESSMENT_FORM.dataSchema.properties as Record<string, unknown>),
      year_review: { type: 'string', minLength: 10, maxLength: 6000 },
      next_year_goals: { type: 'string', minLength: 10, maxLength: 4000 },
    },
  },
  layout: {
    sections: [
      ...AM_SELF_ASSESSMENT_FORM.layout.sections,
      {
        id: 'year',
        title: { 'zh-CN': '年度回顾与规划', en: 'The year and the next' },
        fields: [
          {
            name: 'year_review',
            widget: 'textarea',
            label: {
              'zh-CN': '全年回顾：重点客户的变化与您的贡献',
              en: 'The year: how your key accounts changed and your part in it',
            },
          },
          {
            name: 'next_year_goals',
            widget: 'textarea',
            label: { 'zh-CN': '下一年度目标', en: 'Goals for next year' },
          },
        ],
      },
    ],
  },
};

/** 跨部门反馈: after-sales and technical support rate the account manager's collaboration over the year. */
export const CROSS_DEPARTMENT_FEEDBACK_FORM: FormDocument = {
  key: 'cross_department_feedback',
  title: { 'zh-CN': '跨部门协作反馈', en: 'Cross-department feedback' },
  description: {
    'zh-CN': '请售后与技术支持负责人评价该客户经理在本年度的协作情况。',
    en: 'After-sales and technical support rate how the account manager worked with them this year.',
  },
  dataSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['handover', 'responsiveness', 'joint_planning', 'comments'],
    properties: {
      handover: rating,
      responsiveness: rating,
      joint_planning: rating,
      average: { type: 'number', minimum: 1, maximum: 5 },
      comments: { type: 'string', minLength: 5, maxLength: 4000 },
    },
  },
  layout: {
    sections: [
      {
        id: 'collaboration',
        title: { 'zh-CN': '协作评价', en: 'Collaboration' },
        fields: [
          {
            name: 'handover',
            widget: 'rating',
            label: { 'zh-CN': '需求交接清晰度', en: 'Clear hand-overs' },
          },
          {
            name: 'responsiveness',
            widget: 'rating',
            label: { 'zh-CN': '响应及时性', en: 'Responsiveness' },
          },
          {
            name: 'joint_planning',
            widget: 'rating',
            label: { 'zh-CN': '联合规划', en: 'Joint account planning' },
          },
          {
            name: 'average',
            widget: 'number',
            label: { 'zh-CN': '平均分', en: 'Average' },
            compute: 'ROUND(AVERAGE(handover, responsiveness, joint_planning), 2)',
          },
          { name: 'comments', widget: 'textarea', label: { 'zh-CN': '具体意见', en: 'Comments' } },
        ],
      },
    ],
  },
};

/** 申诉理由: what the account manager adds when a dispute is returned to them for more detail. */
export const DISPUTE_REASON_FORM: FormDocument = {
  key: 'dispute_reason',
  title: { 'zh-CN': '成绩申诉说明', en: 'Score dispute' },
  description: {
    'zh-CN': '请说明对哪项指标有异议、原因及依据。',
    en: 'Say which KPI you dispute, why, and on what evidence.',
  },
  dataSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['kpi', 'reason'],
    properties: {
      kpi: { type: 'string', minLength: 1, maxLength: 64 },
      reason: { type: 'string', minLength: 10, maxLength: 4000 },
      evidence: { type: 'string', maxLength: 4000 },
    },
  },
  layout: {
    sections: [
      {
        id: 'dispute',
        title: { 'zh-CN': '申诉内容', en: 'The dispute' },
        fields: [
          { name: 'kpi', widget: 'text', label: { 'zh-CN': '有异议的指标', en: 'KPI disputed' } },
          { name: 'reason', widget: 'textarea', label: { 'zh-CN': '申诉理由', en: 'Reason' } },
          {
            name: 'evidence',
            widget: 'textarea',
            label: {
              'zh-CN': '依据（数据来源、邮件、合同等）',
              en: 'Evidence (data sources, emails, contracts…)',
            },
          },
        ],
      },
    ],
  },
};
