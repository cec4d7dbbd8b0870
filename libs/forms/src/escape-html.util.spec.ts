import { escapeHtml } from './escape-html.util';

describe('escapeHtml', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['" onmouseover="x', '&quot; onmouseover=&quot;x'],
    ["it's", 'it&#39;s'],
    ['R&D', 'R&amp;D'],
    ['&amp;', '&amp;amp;'],
    ['服务质量', '服务质量'],
    [42, '42'],
    [null, ''],
  ])('%p → %p', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});
