import { text } from './bilingual';

/** The texts of the form machinery itself (everything else comes from the form document). */
export const FORM_TEXTS = {
  required: text('此项为必填项', 'This field is required'),
  requiredMarker: text('（必填）', '(required)'),
  notAnObject: text('提交的数据必须是 JSON 对象', 'The submitted data must be a JSON object'),
  choose: text('— 请选择 —', '— Select —'),
  summaryTitle: text('请修正以下问题', 'There is a problem'),
  errorPrefix: text('错误：', 'Error: '),
  submit: text('提交', 'Submit'),
  saveDraft: text('保存草稿', 'Save draft'),
  computed: text('（自动计算）', '(calculated)'),
  noValue: text('—', '—'),
  language: text('语言', 'Language'),
  star: text('{n} 星', '{n} star'),
  stars: text('{n} 星', '{n} stars'),
} as const;
