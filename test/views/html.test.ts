import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../src/views/html.js';

describe('HTML escaping', () => {
  it('escapes the characters that end text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });

  it('escapes every interpolated value, nested html only once, arrays element by element', () => {
    const evil = '"><script>alert(1)</script>';
    const inner = html`<b>${evil}</b>`;
    const out = html`<p title="${evil}">${inner}${[evil, 1, null, undefined, false]}</p>`.value;
    expect(out).not.toContain('<script>');
    expect(out).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"><b>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</b>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;1</p>',
    );
  });
});
