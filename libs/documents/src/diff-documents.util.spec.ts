import { diffDocuments } from './diff-documents.util';

describe('diffDocuments', () => {
  it.each([
    ['identical', { a: 1, b: [1, 2] }, { a: 1, b: [1, 2] }, []],
    ['a replaced value', { a: 1 }, { a: 2 }, [{ op: 'replace', path: '/a', from: 1, to: 2 }]],
    ['an added key', {}, { name: { en: 'x' } }, [{ op: 'add', path: '/name', to: { en: 'x' } }]],
    ['a removed key', { a: 1, b: 2 }, { b: 2 }, [{ op: 'remove', path: '/a', from: 1 }]],
    [
      'array items',
      { entries: [{ w: 10 }, { w: 20 }] },
      { entries: [{ w: 15 }, { w: 20 }, { w: 5 }] },
      [
        { op: 'replace', path: '/entries/0/w', from: 10, to: 15 },
        { op: 'add', path: '/entries/2', to: { w: 5 } },
      ],
    ],
    ['escaped keys', { 'a/b': 1 }, { 'a/b': 2 }, [{ op: 'replace', path: '/a~1b', from: 1, to: 2 }]],
    ['a type change', { a: [1] }, { a: { 0: 1 } }, [{ op: 'replace', path: '/a', from: [1], to: { 0: 1 } }]],
  ])('%s', (_name, before, after, expected) => {
    expect(diffDocuments(before, after)).toEqual(expected);
  });
});
