import { CUSTOMER_SATISFACTION_FORM, compileForm } from '@keyscore/forms';
import { draftSavedNotice, surveyFormPage, surveyMessagePage } from './survey-page.util';

const form = compileForm(CUSTOMER_SATISFACTION_FORM, 'customer_satisfaction@1');

describe('survey pages', () => {
  it('post the form back to the link in the page language, with a switch to the other language', () => {
    const html = surveyFormPage({ locale: 'zh-CN', title: '满意度调查', token: 'T0k-en_', form });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<form method="post" action="/s/T0k-en_?lang=zh-CN"');
    expect(html).toContain('href="/s/T0k-en_?lang=en"');
    expect(html).toContain('value="draft"');
    expect(html).not.toMatch(/<script|javascript:/i);
  });

  it('escape what an admin typed and what a customer sent', () => {
    const html = surveyFormPage({
      locale: 'en',
      title: '<img src=x onerror=alert(1)>',
      token: 't',
      form,
      data: { comments: '</textarea><script>alert(1)</script>' },
      notice: '<b>saved</b>',
    });
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;b&gt;saved&lt;/b&gt;');
    expect(surveyMessagePage('en', 'x', '<i>hi</i>')).toContain('<p>&lt;i&gt;hi&lt;/i&gt;</p>');
  });

  it('say until when a draft can be resumed, in UTC', () => {
    expect(draftSavedNotice('en', '2026-09-30T10:00:00.000Z')).toContain('until 2026-09-30 10:00 (UTC)');
    expect(draftSavedNotice('zh-CN', '2026-09-30T10:00:00.000Z')).toContain('2026-09-30 10:00 (UTC) 前');
  });
});
