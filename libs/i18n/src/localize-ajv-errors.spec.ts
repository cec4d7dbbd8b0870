import Ajv2020 from 'ajv/dist/2020';
import { localizeAjvErrors } from './localize-ajv-errors';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const title = { type: 'object', required: ['en'], properties: { en: { type: 'string', minLength: 1 } } };
const steps = {
  type: 'array',
  items: {
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'title', 'next'],
        properties: { type: { const: 'form' }, title, next: { type: 'string' } },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'title', 'outcome'],
        properties: { type: { const: 'end' }, title, outcome: { enum: ['completed', 'rejected'] } },
      },
    ],
  },
};
const check = (value: unknown) => {
  const validate = ajv.compile(steps);
  validate(value);
  return localizeAjvErrors(validate.errors, '/steps').map((e) => [e.pointer, e.message.en]);
};

describe('localizeAjvErrors', () => {
  it('keeps only the errors of the branch whose constant matched', () => {
    expect(check([{ type: 'end', title: { en: '' }, outcome: 'completed' }])).toEqual([
      ['/steps/0/title/en', 'must NOT be shorter than 1 character'],
    ]);
    expect(check([{ type: 'form', title: { en: 'x' } }])).toEqual([
      ['/steps/0/next', 'must have required property next'],
    ]);
  });

  it('keeps everything when no branch, or every branch, is ruled out by its constant', () => {
    const unknownType = check([{ type: 'script', title: { en: 'x' } }]);
    expect(unknownType.filter(([, m]) => m === 'must be equal to constant')).toHaveLength(2);
    expect(unknownType.map(([p]) => p)).toContain('/steps/0');
    const both = check([{ title: { en: 'x' } }]);
    expect(both.map(([, m]) => m)).toContain('must have required property type');
  });

  it('gives both languages and points a missing property at itself', () => {
    const validate = ajv.compile(steps);
    validate([{ type: 'form', title: { en: 'x' } }]);
    expect(localizeAjvErrors(validate.errors)).toEqual([
      {
        pointer: '/0/next',
        message: { en: 'must have required property next', 'zh-CN': expect.stringMatching(/next/) },
      },
    ]);
  });
});
