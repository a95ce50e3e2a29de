import { describe, expect, it } from 'vitest';
import { ValidationError } from '../domain/errors.ts';
import { channelFromMetadata } from './channel-metadata.ts';
import { nextPageToken, pageOffset } from '../app/paging.ts';

describe('values callers send outside the request message', () => {
  it('accepts the six channels and nothing inherited from Object', () => {
    expect(channelFromMetadata('kiosk')).toBe('CHANNEL_KIOSK');
    expect(channelFromMetadata(undefined)).toBe('CHANNEL_UNSPECIFIED');
    for (const bad of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'KIOSK']) {
      expect(() => channelFromMetadata(bad), bad).toThrow(ValidationError);
    }
  });

  it('accepts only page tokens it issued, within bounds', () => {
    expect(pageOffset(nextPageToken(0, 50, true))).toBe(50);
    expect(pageOffset('')).toBe(0);
    for (const forged of ['o:1e20', 'o:-5', 'o:99999999', 'o:1.5', 'hello']) {
      expect(() => pageOffset(Buffer.from(forged).toString('base64url')), forged).toThrow(ValidationError);
    }
  });
});
