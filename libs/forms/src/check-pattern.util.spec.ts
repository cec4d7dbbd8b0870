import { checkPattern } from './check-pattern.util';

describe('checkPattern', () => {
  it.each([
    '^1[3-9]\\d{9}$', // mobile number
    '^[A-Z]{2}\\d{6}$',
    '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    '^(?:\\d{3},)*\\d{3}$', // exact repeat inside a star
    '^(ab|cd)+$', // alternatives with distinct first letters
    '^(?<year>\\d{4})-\\d{2}$',
    '^[\\u4e00-\\u9fa5]{2,10}$',
    '^\\p{Script=Han}+$',
    '^(a|b|c)*x(?=y)',
  ])('accepts %s', (pattern) => {
    expect(checkPattern(pattern)).toBeNull();
  });

  it.each([
    ['(a+)+$', 'repeats a repetition'],
    ['^(a*)*$', 'repeats a repetition'],
    ['^(a|a)*$', 'repeats a repetition'],
    ['^(a|ab)*$', 'repeats a repetition'],
    ['^(\\w|\\d)+$', 'repeats a repetition'],
    ['^((ab)+c)*$', 'repeats a repetition'],
    ['^(a?){2,}$', 'repeats a repetition'],
    ['^(x|)+$', 'repeats a repetition'],
    ['(.*a){12}', 'repeats a repetition'],
    ['^(a)\\1$', 'Backreferences'],
    ['^(?<w>a)\\k<w>$', 'Backreferences'],
    ['(?<=a)b', 'Lookbehinds'],
    ['(?<!a)b', 'Lookbehinds'],
    ['[', 'not a valid regular expression'],
    ['\\-', 'not a valid regular expression'], // invalid identity escape under the u flag
    ['a'.repeat(201), 'too long'],
  ])('refuses %s (%s)', (pattern, reason) => {
    const problem = checkPattern(pattern);
    expect(problem?.en).toContain(reason);
    expect(problem?.['zh-CN']).toBeTruthy();
  });
});
