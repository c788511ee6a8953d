import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corsOriginAllowed } from '../http/cors';
import { APP_ORIGIN, APP_PAGE, appFileFor, transferOrigins } from './app-origin';
import { isSamePage } from './trusted-url';

const ROOT = path.resolve('/opt/slipway/out/renderer');

describe('the app:// window', () => {
  it('serves the renderer folder: the page, its assets, "/" as the page', () => {
    expect(appFileFor(APP_PAGE, ROOT)).toBe(path.join(ROOT, 'index.html'));
    expect(appFileFor(`${APP_ORIGIN}/`, ROOT)).toBe(path.join(ROOT, 'index.html'));
    expect(appFileFor(`${APP_ORIGIN}/assets/index-abc.js?v=1#x`, ROOT)).toBe(path.join(ROOT, 'assets', 'index-abc.js'));
    expect(appFileFor(`${APP_ORIGIN}/assets/a%20b.css`, ROOT)).toBe(path.join(ROOT, 'assets', 'a b.css'));
  });

  it('serves nothing outside it, nor for another host', () => {
    // ".." (also as %2e%2e) is folded by URL parsing itself: it stays inside the folder.
    expect(appFileFor(`${APP_ORIGIN}/../../main/index.js`, ROOT)).toBe(path.join(ROOT, 'main', 'index.js'));
    expect(appFileFor(`${APP_ORIGIN}/%2e%2e/main/index.js`, ROOT)).toBe(path.join(ROOT, 'main', 'index.js'));
    for (const url of [
      `${APP_ORIGIN}/assets/%2e%2e%2f%2e%2e%2fsecret.key`,
      `${APP_ORIGIN}/assets/..%5c..%5csecret.key`,
      `${APP_ORIGIN}/a%00.js`,
      `${APP_ORIGIN}/%E0%A4%A`,
      'app://other/index.html',
      'app://user:pw@slipway/index.html',
      'file:///opt/slipway/out/renderer/index.html',
      'not a url',
    ]) {
      expect(appFileFor(url, ROOT), url).toBeNull();
    }
  });

  it('is the one page IPC and navigation trust', () => {
    expect(isSamePage(`${APP_PAGE}#/projects/1`, APP_PAGE)).toBe(true);
    expect(isSamePage('app://slipway/other.html', APP_PAGE)).toBe(false);
    expect(isSamePage('app://slipway.evil/index.html', APP_PAGE)).toBe(false);
    expect(isSamePage('file:///opt/slipway/out/renderer/index.html', APP_PAGE)).toBe(false);
  });

  it('is the only origin the transfer server accepts (plus the dev server while developing); "null" never', () => {
    const origins = transferOrigins(undefined);
    expect(origins).toEqual(['app://slipway']);
    expect(corsOriginAllowed('app://slipway', origins)).toBe('app://slipway');
    expect(corsOriginAllowed('null', origins)).toBeNull();
    expect(corsOriginAllowed('null', ['null'])).toBeNull();
    expect(corsOriginAllowed('file://', origins)).toBeNull();
    expect(corsOriginAllowed('http://localhost:5173', origins)).toBeNull();
    expect(corsOriginAllowed(undefined, origins)).toBeNull();
    expect(transferOrigins('http://localhost:5173/')).toEqual(['app://slipway', 'http://localhost:5173']);
  });
});
