import type { FormDocument } from '../form.schema';

const rating = { type: 'integer', minimum: 1, maximum: 5 } as const;
const ratingHelp = {
  'zh-CN': '1 = 不合格，2 = 待改进，3 = 符合期望，4 = 优秀，5 = 卓越',
  en: '1 = unsatisfactory, 2 = needs improvement, 3 = meets expectations, 4 = excellent, 5 = outstanding',
};

/** 主管评价: the manager's review of an account manager, after the self-assessment. */
export const MANAGER_REVIEW_FORM: FormDocument = {
  key: 'manager_review',
  version: 1,
  title: { 'zh-CN': '主管评价', en: 'Manager review' },
  description: {
    'zh-CN': '请参考客户经理的自评、考核得分及其依据给出评价。建议评级为 C 或 D 时须填写改进计划。',
    en: 'Review the account manager against their self-assessment and the scores with their trace. A band of C or D needs an improvement plan.',
  },
  dataSchema: {
    type: 'object',
    additionalProperties: false,
    required: [
      'rating_results',
      'rating_customer',
      'rating_teamwork',
      'rating_compliance',
      'band',
      'comments',
      'improvement_plan',
    ],
    properties: {
      rating_results: rating,
      rating_customer: rating,
      rating_teamwork: rating,
      rating_compliance: rating,
      average: { type: 'number', minimum: 1, maximum: 5 },
      band: { type: 'string', enum: ['S', 'A', 'B', 'C', 'D'] },
      strengths: { type: 'string', maxLength: 2000 },
      comments: { type: 'string', minLength: 10, maxLength: 4000 },
      improvement_plan: { type: 'string', minLength: 10, maxLength: 4000 },
      follow_up_date: { type: 'string', format: 'date' },
    },
  },
  layout: {
    sections: [
      {
        id: 'ratings',
        title: { 'zh-CN': '分项评价', en: 'Ratings' },
        fields: [
          {
            name: 'rating_results',
            widget: 'rating',
            label: { 'zh-CN': '业绩结果', en: 'Results' },
            help: ratingHelp,
          },
          {
            name: 'rating_customer',
            widget: 'rating',
            label: { 'zh-CN': '客户经营', en: 'Account development' },
            help: ratingHelp,
          },
          {
            name: 'rating_teamwork',
            widget: 'rating',
            label: { 'zh-CN': '团队协作', en: 'Teamwork' },
            help: ratingHelp,
          },
          {
            name: 'rating_compliance',
            widget: 'rating',
            label: { 'zh-CN': '合规与流程', en: 'Compliance and process' },
            help: ratingHelp,
          },
          {
            name: 'average',
            widget: 'number',
            label: { 'zh-CN': '分项平均分', en: 'Average rating' },
            compute: 'ROUND(AVERAGE(rating_results, rating_customer, rating_teamwork, rating_compliance), 2)',
          },
        ],
      },
      {
        id: 'conclusion',
        title: { 'zh-CN': '评价结论', en: 'Conclusion' },
        fields: [
          {
            name: 'band',
            widget: 'select',
            label: { 'zh-CN': '建议评级', en: 'Recommended rating band' },
            help: {
              'zh-CN': '最终评级以校准会议结果为准',
              en: 'The calibration meeting sets the final band',
            },
            options: [
              { value: 'S', label: { 'zh-CN': 'S – 卓越', en: 'S – Outstanding' } },
              { value: 'A', label: { 'zh-CN': 'A – 优秀', en: 'A – Excellent' } },
              { value: 'B', label: { 'zh-CN': 'B – 良好（符合期望）', en: 'B – Good (meets expectations)' } },
              { value: 'C', label: { 'zh-CN': 'C – 待改进', en: 'C – Needs improvement' } },
              { value: 'D', label: { 'zh-CN': 'D – 不合格', en: 'D – Unsatisfactory' } },
            ],
          },
          { name: 'strengths', widget: 'textarea', label: { 'zh-CN': '主要优点', en: 'Main strengths' } },
          {
            name: 'comments',
            widget: 'textarea',
            label: { 'zh-CN': '综合评语', en: 'Overall comments' },
            help: {
              'zh-CN': '该评语将在反馈面谈时与客户经理沟通',
              en: 'You will go through these comments with the account manager',
            },
          },
          {
            name: 'improvement_plan',
            widget: 'textarea',
            label: { 'zh-CN': '改进计划', en: 'Improvement plan' },
            help: {
              'zh-CN': '请写明改进目标、具体措施和时间节点',
              en: 'State the goals, the concrete steps and the dates',
            },
            visibleWhen: 'OR(band = "C", band = "D")',
          },
          {
            name: 'follow_up_date',
            widget: 'date',
            label: { 'zh-CN': '改进跟进日期', en: 'Follow-up date' },
            visibleWhen: 'OR(band = "C", band = "D")',
          },
        ],
      },
    ],
  },
};
