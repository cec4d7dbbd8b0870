import { redactSurveyToken } from './logging';

describe('redactSurveyToken', () => {
  it.each([
    ['/s/abcDEF123_-x?lang=en', '/s/[redacted]?lang=en'],
    ['/api/public/surveys/abcDEF123_-x', '/api/public/surveys/[redacted]'],
    ['/api/surveys/campaigns/123', '/api/surveys/campaigns/123'],
    ['/sessions/abc', '/sessions/abc'],
  ])('%s → %s', (url, expected) => {
    expect(redactSurveyToken(url)).toBe(expected);
  });
});
