import type { FormDocument } from '../form.schema';

const stars = { type: 'integer', minimum: 1, maximum: 5 } as const;
const agree = { type: 'integer', minimum: 1, maximum: 5 } as const;

/** 客户满意度调查: the quarterly survey a key account's contacts answer through a personal link. */
export const CUSTOMER_SATISFACTION_FORM: FormDocument = {
  key: 'customer_satisfaction',
  version: 1,
  title: { 'zh-CN': '客户满意度调查', en: 'Customer satisfaction survey' },
  description: {
    'zh-CN':
      '感谢您与我们的合作！本问卷约需 3 分钟，您的反馈将直接用于改进我们的产品与服务。答卷仅用于汇总统计，不会单独展示给您的客户经理。',
    en: 'Thank you for working with us. This survey takes about 3 minutes; your answers go straight into improving our products and service. Answers are only reported in aggregate, never shown one by one to your account manager.',
  },
  dataSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['service_quality', 'product_quality', 'response_speed', 'nps', 'contact_role'],
    properties: {
      service_quality: stars,
      product_quality: stars,
      response_speed: stars,
      overall: { type: 'number', minimum: 1, maximum: 5 },
      experience: {
        type: 'object',
        additionalProperties: false,
        properties: { delivery: agree, communication: agree, expertise: agree, after_sales: agree },
      },
      nps: { type: 'integer', minimum: 0, maximum: 10 },
      improve: { type: 'string', maxLength: 2000 },
      renew_intent: { enum: ['certain', 'likely', 'unsure', 'unlikely', 'no'] },
      topics: {
        type: 'array',
        uniqueItems: true,
        maxItems: 7,
        items: {
          enum: ['product', 'pricing', 'delivery', 'technical', 'after_sales', 'training', 'billing'],
        },
      },
      comments: { type: 'string', maxLength: 2000 },
      contact_role: { enum: ['procurement', 'engineering', 'management', 'finance', 'business', 'other'] },
      contact_name: { type: 'string', maxLength: 50 },
      contact_email: { type: 'string', format: 'email', maxLength: 200 },
      preferred_channel: { enum: ['phone', 'wechat', 'email', 'visit'] },
      last_visit: { type: 'string', format: 'date' },
      follow_up: { type: 'boolean' },
    },
  },
  layout: {
    sections: [
      {
        id: 'ratings',
        title: { 'zh-CN': '整体评价', en: 'Overall ratings' },
        description: {
          'zh-CN': '请根据过去一个季度的合作情况打分：1 星为非常不满意，5 星为非常满意。',
          en: 'Please rate the last quarter: 1 star is very dissatisfied, 5 stars very satisfied.',
        },
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
          {
            name: 'response_speed',
            widget: 'rating',
            label: { 'zh-CN': '响应速度', en: 'Response speed' },
            help: {
              'zh-CN': '从您提出需求或问题到我们给出答复和解决方案的速度',
              en: 'How quickly we answered and solved your requests and issues',
            },
          },
          {
            name: 'overall',
            widget: 'number',
            label: { 'zh-CN': '综合满意度（三项平均）', en: 'Overall satisfaction (average of the three)' },
            compute: 'ROUND(AVERAGE(service_quality, product_quality, response_speed), 2)',
          },
        ],
      },
      {
        id: 'experience',
        title: { 'zh-CN': '合作体验', en: 'Working with us' },
        fields: [
          {
            name: 'experience',
            widget: 'likert',
            label: {
              'zh-CN': '您在多大程度上同意以下说法？',
              en: 'How far do you agree with these statements?',
            },
            rows: [
              {
                key: 'delivery',
                label: { 'zh-CN': '我们能按承诺的时间交付', en: 'We deliver when we promised' },
              },
              {
                key: 'communication',
                label: {
                  'zh-CN': '客户经理沟通及时、信息透明',
                  en: 'Your account manager keeps you informed in time',
                },
              },
              {
                key: 'expertise',
                label: { 'zh-CN': '我们的团队具备足够的专业能力', en: 'Our team knows its field' },
              },
              {
                key: 'after_sales',
                label: {
                  'zh-CN': '售后支持能切实解决问题',
                  en: 'After-sales support actually solves problems',
                },
              },
            ],
            scale: [
              { value: 1, label: { 'zh-CN': '非常不同意', en: 'Strongly disagree' } },
              { value: 2, label: { 'zh-CN': '不同意', en: 'Disagree' } },
              { value: 3, label: { 'zh-CN': '一般', en: 'Neutral' } },
              { value: 4, label: { 'zh-CN': '同意', en: 'Agree' } },
              { value: 5, label: { 'zh-CN': '非常同意', en: 'Strongly agree' } },
            ],
          },
          {
            name: 'topics',
            widget: 'checkbox',
            label: {
              'zh-CN': '本季度您与我们主要沟通了哪些事项？（可多选）',
              en: 'What did you mainly deal with us about this quarter? (choose any)',
            },
            options: [
              { value: 'product', label: { 'zh-CN': '产品功能与质量', en: 'Product features and quality' } },
              { value: 'pricing', label: { 'zh-CN': '价格与商务条款', en: 'Pricing and commercial terms' } },
              { value: 'delivery', label: { 'zh-CN': '交付与物流', en: 'Delivery and logistics' } },
              {
                value: 'technical',
                label: { 'zh-CN': '技术支持与方案', en: 'Technical support and solutions' },
              },
              {
                value: 'after_sales',
                label: { 'zh-CN': '售后服务与维修', en: 'After-sales service and repairs' },
              },
              { value: 'training', label: { 'zh-CN': '培训', en: 'Training' } },
              { value: 'billing', label: { 'zh-CN': '对账与发票', en: 'Statements and invoices' } },
            ],
          },
          {
            name: 'last_visit',
            widget: 'date',
            label: {
              'zh-CN': '客户经理最近一次拜访日期',
              en: 'Date of the last visit by your account manager',
            },
            help: { 'zh-CN': '记不清可以不填', en: 'Leave it empty if you do not remember' },
          },
        ],
      },
      {
        id: 'loyalty',
        title: { 'zh-CN': '推荐与续约', en: 'Recommendation and renewal' },
        fields: [
          {
            name: 'nps',
            widget: 'nps',
            label: {
              'zh-CN': '您有多大可能向同行或合作伙伴推荐我们？',
              en: 'How likely are you to recommend us to a peer or partner?',
            },
            help: {
              'zh-CN': '0 分为完全不可能，10 分为非常可能',
              en: '0 is not at all likely, 10 is extremely likely',
            },
          },
          {
            name: 'improve',
            widget: 'textarea',
            label: { 'zh-CN': '您认为我们最需要改进的是什么？', en: 'What should we improve first?' },
            placeholder: {
              'zh-CN': '例如：交付周期、报价速度、技术支持的专业度……',
              en: 'For example: delivery lead time, quote turnaround, depth of technical support…',
            },
            visibleWhen: 'nps <= 6',
          },
          {
            name: 'renew_intent',
            widget: 'radio',
            label: {
              'zh-CN': '合同到期后，贵司续约的意向如何？',
              en: 'When the contract ends, how likely is your company to renew?',
            },
            options: [
              { value: 'certain', label: { 'zh-CN': '一定会续约', en: 'We will certainly renew' } },
              { value: 'likely', label: { 'zh-CN': '很可能续约', en: 'Likely' } },
              { value: 'unsure', label: { 'zh-CN': '尚不确定', en: 'Not sure yet' } },
              { value: 'unlikely', label: { 'zh-CN': '可能不会续约', en: 'Unlikely' } },
              { value: 'no', label: { 'zh-CN': '不会续约', en: 'We will not renew' } },
            ],
          },
          {
            name: 'comments',
            widget: 'textarea',
            label: { 'zh-CN': '其他意见或建议', en: 'Any other comments or suggestions' },
          },
        ],
      },
      {
        id: 'about_you',
        title: { 'zh-CN': '您的信息', en: 'About you' },
        fields: [
          {
            name: 'contact_role',
            widget: 'select',
            label: { 'zh-CN': '您在贵司的职能', en: 'Your role in your company' },
            options: [
              { value: 'procurement', label: { 'zh-CN': '采购', en: 'Procurement' } },
              { value: 'engineering', label: { 'zh-CN': '技术 / 研发', en: 'Engineering / R&D' } },
              { value: 'management', label: { 'zh-CN': '管理层', en: 'Management' } },
              { value: 'finance', label: { 'zh-CN': '财务', en: 'Finance' } },
              { value: 'business', label: { 'zh-CN': '业务使用部门', en: 'Business user' } },
              { value: 'other', label: { 'zh-CN': '其他', en: 'Other' } },
            ],
          },
          {
            name: 'contact_name',
            widget: 'text',
            label: { 'zh-CN': '您的姓名（选填）', en: 'Your name (optional)' },
          },
          {
            name: 'contact_email',
            widget: 'text',
            label: { 'zh-CN': '电子邮箱（选填）', en: 'Email (optional)' },
          },
          {
            name: 'preferred_channel',
            widget: 'radio',
            label: { 'zh-CN': '您希望我们通过什么方式联系您？', en: 'How would you like us to contact you?' },
            options: [
              { value: 'phone', label: { 'zh-CN': '电话', en: 'Phone' } },
              { value: 'wechat', label: { 'zh-CN': '微信', en: 'WeChat' } },
              { value: 'email', label: { 'zh-CN': '电子邮件', en: 'Email' } },
              { value: 'visit', label: { 'zh-CN': '上门拜访', en: 'A visit' } },
            ],
          },
          {
            name: 'follow_up',
            widget: 'checkbox',
            label: {
              'zh-CN': '希望客户经理就本次反馈与我联系',
              en: 'I would like my account manager to contact me about this feedback',
            },
          },
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
