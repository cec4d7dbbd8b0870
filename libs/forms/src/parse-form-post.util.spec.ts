import { compileForm } from './compile-form.util';
import { sampleForm } from './test-support/fixtures';

const form = compileForm(sampleForm());

describe('CompiledForm.parseFormPost', () => {
  it.each<[string, Record<string, string | string[]>, Record<string, unknown>]>([
    [
      'integers from radios',
      { service_quality: '4', nps: '10' },
      { service_quality: 4, nps: 10, agree: false },
    ],
    ['full-width digits', { nps: '７', headcount: '１２' }, { nps: 7, headcount: 12, agree: false }],
    [
      'text that is not a number stays text for validation to report',
      { headcount: '12 people' },
      { headcount: '12 people', agree: false },
    ],
    ['empty strings are absent', { service_quality: '', improve: '', email: '' }, { agree: false }],
    ['a ticked checkbox', { agree: 'true' }, { agree: true }],
    [
      'a checkbox group as an array',
      { topics: ['price', 'support'] },
      { topics: ['price', 'support'], agree: false },
    ],
    ['a checkbox group with one choice', { topics: 'price' }, { topics: ['price'], agree: false }],
    [
      'likert rows as an object',
      { 'experience.delivery': '3', 'experience.expertise': '1' },
      { experience: { delivery: 3, expertise: 1 }, agree: false },
    ],
    ['textarea line breaks as typed', { improve: 'a\r\nb' }, { improve: 'a\nb', agree: false }],
    ['the last of a repeated scalar', { nps: ['3', '8'] }, { nps: 8, agree: false }],
    [
      'names outside the schema are ignored',
      { _csrf: 'x', _action: 'draft', 'experience.price': '2' },
      { agree: false },
    ],
  ])('%s', (_name, body, expected) => {
    expect(form.parseFormPost(body)).toEqual(expected);
  });

  it('gives data that process() accepts', () => {
    const data = form.parseFormPost({
      service_quality: '5',
      speed: '4',
      nps: '9',
      'experience.delivery': '2',
      _csrf: 't',
    });
    expect(form.process(data, { mode: 'final' })).toMatchObject({ ok: true, data: { overall: 4.5 } });
  });

  it('reads a null-prototype body (querystring.parse)', () => {
    const body = Object.assign(Object.create(null) as Record<string, string>, { nps: '2' });
    expect(form.parseFormPost(body)).toEqual({ nps: 2, agree: false });
  });
});
