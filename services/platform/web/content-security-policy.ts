import { createHash } from 'node:crypto';

const hashOf = (content: string) => `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;

/** The contents of a page's inline elements of one tag (`<script>…</script>`), except data blocks (type="application/json"). */
function inlineContents(html: string, tag: 'script' | 'style'): string[] {
  return [...html.matchAll(new RegExp(`<${tag}(\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g'))]
    .filter(([, attributes = '']) => !/\bsrc=/.test(attributes) && !/type="application\/json"/.test(attributes))
    .map(([, , content = '']) => content);
}

/**
 * The Content-Security-Policy of one of the platform's own pages (https://www.w3.org/TR/CSP3/):
 * scripts, styles and calls from the platform's own origin only, the page's inline scripts (its
 * import map) and styles allowed by their hashes and nothing else inline, no framing, no plugins.
 * A page that shows what the platform returns as text can then run no injected code even if a bug
 * let some in. Inline style attributes stay allowed: the console draws bars with them.
 */
export function contentSecurityPolicy(html: string): string {
  const scripts = inlineContents(html, 'script').map(hashOf);
  const styles = inlineContents(html, 'style').map(hashOf);
  return [
    "default-src 'self'",
    `script-src 'self' ${scripts.join(' ')}`.trim(),
    `style-src 'self' ${styles.join(' ')}`.trim(),
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
