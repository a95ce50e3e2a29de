import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy.ts';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('the Content-Security-Policy of the platform\'s pages', () => {
  const page = `<html><head><script type="importmap">{"imports":{}}</script><script type="application/json" id="settings">{"a":1}</script>
    <style>body { margin: 0 }</style><script type="module" src="/app.js"></script></head><body></body></html>`;
  const policy = contentSecurityPolicy(page);
  const directive = (name: string) => policy.split('; ').find((part) => part.split(' ')[0] === name);

  it('allows the page\'s own inline script and style by their hashes, and no other inline code', () => {
    expect(directive('script-src')).toBe(`script-src 'self' ${sha256('{"imports":{}}')}`);
    expect(directive('style-src')).toBe(`style-src 'self' ${sha256('body { margin: 0 }')}`);
    expect(policy).not.toContain("script-src 'self' 'unsafe-inline'");
  });

  it('hashes neither data blocks nor scripts loaded from a file', () => {
    expect(policy).not.toContain(sha256('{"a":1}'));
    expect(policy).not.toContain(sha256(''));
  });

  it('forbids framing, plugins and other origins', () => {
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('default-src')).toBe("default-src 'self'");
  });
});
