import type { FormDocument } from '../form.schema';

const score = { type: 'integer', minimum: 1, maximum: 5 } as const;
const scoreHelp = {
  'zh-CN': '1 = 远未达到期望，3 = 达到期望，5 = 远超期望',
  en: '1 = far below expectations, 3 = meets expectations, 5 = far above',
};

/** 客户经理自评: the account manager's own view of the period, before the manager's review. */
export const AM_SELF_ASSESSMENT_FORM: FormDocument = {
  key: 'am_self_assessment',
  version: 1,
  title: { 'zh-CN': '客户经理自评', en: 'Account manager self-assessment' },
  description: {
    'zh-CN': '请结合本考核周期的业绩数据和客户反馈如实填写。提交后将进入主管评价环节，提交前可随时保存草稿。',
    en: 'Fill this in against the period’s results and customer feedback. Once submitted it goes to your manager for review; save a draft at any time before that.',
  },
  dataSchema: {
    type: 'object',
    additionalProperties: false,
    required: [
      'achievements',
      'score_results',
      'score_relationship',
      'score_collaboration',
      'score_growth',
      'challenges',
    ],
    properties: {
      achievements: { type: 'string', minLength: 10, maxLength: 4000 },
      score_results: score,
      score_relationship: score,
      score_collaboration: score,
      score_growth: score,
      self_average: { type: 'number', minimum: 1, maximum: 5 },
      challenges: { type: 'string', minLength: 10, maxLength: 4000 },
      support_needed: {
        type: 'array',
        uniqueItems: true,
        items: { enum: ['pricing', 'presales', 'delivery', 'training', 'executive', 'marketing'] },
      },
      support_detail: { type: 'string', maxLength: 2000 },
      next_goals: { type: 'string', maxLength: 4000 },
    },
  },
  layout: {
    sections: [
      {
        id: 'results',
        title: { 'zh-CN': '本期业绩', en: 'Results this period' },
        fields: [
          {
            name: 'achievements',
            widget: 'textarea',
            label: { 'zh-CN': '主要业绩与成果', en: 'Key achievements' },
            help: {
              'zh-CN': '尽量用数据说明，例如签约金额、回款、新增项目、客户满意度变化',
              en: 'Use numbers where you can: contract value, cash collected, new projects, change in satisfaction',
            },
            placeholder: {
              'zh-CN': '例如：完成华东区年度框架协议续签，销售额同比增长 25%',
              en: 'For example: renewed the East China framework agreement; revenue up 25% year on year',
            },
          },
        ],
      },
      {
        id: 'self_scores',
        title: { 'zh-CN': '自我评分', en: 'Self scores' },
        fields: [
          {
            name: 'score_results',
            widget: 'rating',
            label: { 'zh-CN': '业绩目标达成', en: 'Results against target' },
            help: scoreHelp,
          },
          {
            name: 'score_relationship',
            widget: 'rating',
            label: { 'zh-CN': '客户关系维护', en: 'Customer relationship' },
            help: scoreHelp,
          },
          {
            name: 'score_collaboration',
            widget: 'rating',
            label: { 'zh-CN': '跨部门协同', en: 'Cross-team collaboration' },
            help: scoreHelp,
          },
          {
            name: 'score_growth',
            widget: 'rating',
            label: { 'zh-CN': '专业能力提升', en: 'Professional growth' },
            help: scoreHelp,
          },
          {
            name: 'self_average',
            widget: 'number',
            label: { 'zh-CN': '自评平均分', en: 'Average self score' },
            compute:
              'ROUND(AVERAGE(score_results, score_relationship, score_collaboration, score_growth), 2)',
          },
        ],
      },
      {
        id: 'outlook',
        title: { 'zh-CN': '挑战与支持', en: 'Challenges and support' },
        fields: [
          {
            name: 'challenges',
            widget: 'textarea',
            label: { 'zh-CN': '遇到的主要困难与挑战', en: 'Main difficulties and challenges' },
            help: {
              'zh-CN': '例如：竞争对手降价、客户组织调整、内部交付资源不足',
              en: 'For example: a competitor’s price cut, reorganisation at the customer, too few delivery resources',
            },
          },
          {
            name: 'support_needed',
            widget: 'checkbox',
            label: {
              'zh-CN': '需要公司提供哪些支持？（可多选）',
              en: 'What support do you need from the company? (choose any)',
            },
            options: [
              { value: 'pricing', label: { 'zh-CN': '价格与商务政策', en: 'Pricing and commercial policy' } },
              { value: 'presales', label: { 'zh-CN': '售前技术支持', en: 'Pre-sales technical support' } },
              { value: 'delivery', label: { 'zh-CN': '交付资源', en: 'Delivery resources' } },
              { value: 'training', label: { 'zh-CN': '培训', en: 'Training' } },
              { value: 'executive', label: { 'zh-CN': '高层拜访', en: 'Executive visits' } },
              { value: 'marketing', label: { 'zh-CN': '市场活动费用', en: 'Marketing budget' } },
            ],
          },
          {
            name: 'support_detail',
            widget: 'textarea',
            label: { 'zh-CN': '请具体说明需要的支持', en: 'Describe the support you need' },
            visibleWhen: 'support_needed > 0',
          },
          {
            name: 'next_goals',
            widget: 'textarea',
            label: { 'zh-CN': '下期工作计划与目标', en: 'Plan and goals for the next period' },
          },
        ],
      },
    ],
  },
};
