import { expect, test } from '@playwright/test';
import { buildTestApp } from '../rig/fixtures';
import { removeProjectNamed } from './cleanup';
import { e2eRuntime } from './runtime';
import { watchConsole, Window } from './window-pages';

/**
 * The hooks every page spec shares: its image pushed once, the window opened before each test with console
 * errors collected (and none allowed), and the project it made removed afterwards.
 */
export function pageSpec(o: { readonly image: string; readonly tag: string; readonly project: string }): { readonly win: () => Window; readonly problems: () => string[] } {
  let problems: string[] = [];
  let win: Window | null = null;
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    await buildTestApp({ repository: o.image, tag: o.tag });
  });
  test.beforeEach(async ({ page }) => {
    problems = watchConsole(page);
    win = new Window(page);
    await win.open(e2eRuntime().uiUrl);
  });
  test.afterEach(() => {
    expect(problems).toEqual([]);
  });
  test.afterAll(async () => {
    await removeProjectNamed(o.project);
  });
  return {
    win: () => {
      if (!win) throw new Error('The window is opened before each test.');
      return win;
    },
    problems: () => problems,
  };
}
