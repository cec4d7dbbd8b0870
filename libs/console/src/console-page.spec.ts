import ts from 'typescript';
import { Permission } from '@keyscore/auth';
import { matchRoute, pageScriptName, pageScriptText, type ConsolePage } from './console-page';
import { ALL_PAGES } from './pages';

describe('console page routes', () => {
  it.each([
    ['inbox', ['inbox'], {}],
    ['tasks/:id', ['tasks', 'abc'], { id: 'abc' }],
    ['tasks/:id', ['tasks'], null],
    ['tasks/:id', ['cycles', 'abc'], null],
    ['', [''], {}],
  ])('%s against %j', (route, segments, expected) => {
    expect(matchRoute(route, segments)).toEqual(expected);
  });

  it('names each page script after its route', () => {
    const page = { path: 'tasks/:id' } as ConsolePage;
    expect(pageScriptName(page)).toBe('page-tasks-id.js');
  });

  it('serves a script as the text of its function, called with the shared helpers', () => {
    const page: ConsolePage = {
      path: 'x',
      permission: null,
      title: { 'zh-CN': 'x', en: 'x' },
      texts: {},
      script: (ks) => ks.ready(),
    };
    const text = pageScriptText(page);
    expect(text).toMatch(/^"use strict";\n\(\(?ks\)? => ks\.ready\(\)\)\(window\.ks\);\n$/);
  });
});

describe('the console pages', () => {
  it('have distinct routes and script names, and texts in both languages', () => {
    expect(new Set(ALL_PAGES.map((p) => p.path)).size).toBe(ALL_PAGES.length);
    expect(new Set(ALL_PAGES.map(pageScriptName)).size).toBe(ALL_PAGES.length);
    for (const page of ALL_PAGES) {
      expect(page.title['zh-CN']).not.toBe('');
      expect(page.title.en).not.toBe('');
      for (const [key, text] of Object.entries(page.texts)) {
        expect([key, text['zh-CN'].length > 0, text.en.length > 0]).toEqual([key, true, true]);
      }
    }
  });

  it('declare a permission on every page but sign-in, and list only parameterless pages', () => {
    const open = ALL_PAGES.filter((p) => p.permission === 'public').map((p) => p.path);
    expect(open).toEqual(['sign-in']);
    for (const page of ALL_PAGES.filter((p) => p.nav)) expect(page.path).not.toContain(':');
    const permissions = new Set<string>(Object.values(Permission));
    for (const page of ALL_PAGES)
      if (page.permission && page.permission !== 'public')
        expect(permissions.has(page.permission)).toBe(true);
  });

  it('are each a complete script as served', () => {
    for (const page of ALL_PAGES) {
      // Parsed, not run: the text must be a complete script on its own.
      const source = ts.createSourceFile(
        'page.js',
        pageScriptText(page),
        ts.ScriptTarget.ES2022,
        false,
        ts.ScriptKind.JS,
      );
      const diagnostics = (source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
      expect([page.path, diagnostics.length]).toEqual([page.path, 0]);
    }
  });
});
