import { describe, expect, it } from 'vitest';
import { isSamePage } from './trusted-url';

describe('isSamePage', () => {
  const page = 'file:///opt/Slipway/resources/app/out/renderer/index.html';

  it('trusts the renderer file itself, with any hash route', () => {
    expect(isSamePage(page, page)).toBe(true);
    expect(isSamePage(`${page}#/projects/3`, page)).toBe(true);
  });

  it('refuses other files that merely contain its folder, and other pages', () => {
    expect(isSamePage('file:///tmp/x/opt/Slipway/resources/app/out/renderer/index.html', page)).toBe(false);
    expect(isSamePage('file:///opt/Slipway/resources/app/out/renderer/evil.html', page)).toBe(false);
    expect(isSamePage('file:///opt/Slipway/resources/app/out/renderer/index.html/../../x.html', page)).toBe(false);
    expect(isSamePage(`${page}?x=1`, page)).toBe(false);
    expect(isSamePage('https://evil.example/', page)).toBe(false);
    expect(isSamePage('not a url', page)).toBe(false);
  });

  it('compares a dev server URL by host and path, not by prefix', () => {
    const dev = 'http://localhost:5173/';
    expect(isSamePage('http://localhost:5173/#/settings', dev)).toBe(true);
    expect(isSamePage('http://localhost:5173.evil.example/', dev)).toBe(false);
    expect(isSamePage('http://localhost:5173/other.html', dev)).toBe(false);
  });
});
