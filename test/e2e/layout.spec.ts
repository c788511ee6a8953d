import { expect, test, type Page } from '@playwright/test';
import { buildTestApp } from '../rig/fixtures';
import { e2eRuntime } from './runtime';
import { watchConsole, Window } from './window-pages';

/**
 * Layout under stress: a 60-character image reference and a long deploy error, at the two window
 * sizes people use, light and dark. Nothing may stick out of its card or error box; screenshots of
 * each case land in artifacts/screenshots/.
 */
const ID = Date.now().toString(36);
const PREFIX = `localhost:5000/e2e-layout-${ID}/`;
const REPO = `${PREFIX}${'arather_long_service_name_for_layout_checks_abcdefghijklmnop'.slice(0, 60 - PREFIX.length).replace(/_+$/, 'x')}`;
const PROJECT = `layout-${ID}`;
// Underscores: no place a browser may break a line, as in a real registry host, image or digest.
const MISSING_TAG = 'a_tag_that_was_never_pushed_so_the_pull_fails_with_a_long_message';

async function call(method: string, input: unknown): Promise<unknown> {
  const rt = e2eRuntime();
  const res = await fetch(`${rt.apiUrl}/${method}`, { method: 'POST', headers: { authorization: `Bearer ${rt.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message ?? ''}`);
  return body.value;
}

/** The DOM of an element as the check reads it (the e2e specs compile without the DOM library). */
interface Box {
  getBoundingClientRect(): { left: number; right: number; width: number };
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly tagName: string;
  readonly className: string;
  readonly textContent: string | null;
  readonly parentElement: { closest(selector: string): Box | null } | null;
}

/** Elements matching `selector` that stick out of themselves (scrolling content) or of their `container`. */
function overflowing(page: Page, selector: string, container: string): Promise<string[]> {
  return page.locator(selector).evaluateAll(
    (elements, box) => {
      const view = globalThis as unknown as { innerWidth: number; getComputedStyle(e: Box): { textOverflow: string } };
      const bad: string[] = [];
      for (const el of elements as unknown as Box[]) {
        const r = el.getBoundingClientRect();
        if (r.width === 0) continue;
        const name = `<${el.tagName.toLowerCase()} class="${el.className}"> "${(el.textContent ?? '').slice(0, 40)}"`;
        // An ellipsis is a deliberate cut; any other hidden or scrolling overflow is not.
        if (el.scrollWidth > el.clientWidth + 1 && view.getComputedStyle(el).textOverflow !== 'ellipsis') bad.push(`${name} scrolls: ${String(el.scrollWidth)} > ${String(el.clientWidth)}`);
        const outer = el.parentElement?.closest(box);
        if (outer) {
          const o = outer.getBoundingClientRect();
          if (r.left < o.left - 1 || r.right > o.right + 1) bad.push(`${name} [${String(Math.round(r.left))}, ${String(Math.round(r.right))}] outside ${box} [${String(Math.round(o.left))}, ${String(Math.round(o.right))}]`);
        }
        if (r.right > view.innerWidth + 1) bad.push(`${name} ends at ${String(Math.round(r.right))}, past the window (${String(view.innerWidth)})`);
      }
      return bad;
    },
    container,
  );
}

/** Visible elements of the page that end past the window's right edge (the page would scroll sideways). */
function pastTheWindow(page: Page): Promise<string[]> {
  return page.locator('main *').evaluateAll((elements) => {
    const width = (globalThis as unknown as { innerWidth: number }).innerWidth;
    return (elements as unknown as Box[])
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > width + 1;
      })
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> "${(el.textContent ?? '').slice(0, 40)}" ends at ${String(Math.round(el.getBoundingClientRect().right))} > ${String(width)}`);
  });
}

test.describe.configure({ mode: 'serial' });

test.describe('layout with a long image reference and a long error', () => {
  test.beforeAll(async () => {
    expect(REPO).toHaveLength(60);
    await buildTestApp({ repository: REPO, tag: '1.0' });
    const project = (await call('projects.create', { image: REPO, name: PROJECT, health: { kind: 'http', path: '/health', timeoutMs: 5000 }, stopTimeoutSec: 1 })) as { stages: { id: number }[] };
    const stageId = project.stages[0]?.id ?? 0;
    expect(await call('stages.deploy', { stageId, tag: '1.0', wait: true })).toMatchObject({ status: 'succeeded' });
    const failed = (await call('stages.deploy', { stageId, tag: MISSING_TAG, wait: true })) as { status: string; error: string };
    expect(failed.status).toBe('failed');
    expect(failed.error.length).toBeGreaterThan(80);
  });

  for (const [width, height] of [
    [1024, 700],
    [1400, 900],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      test(`${String(width)}×${String(height)} ${scheme}: cards, error boxes and deploy steps keep their contents`, async ({ page }) => {
        const problems = watchConsole(page);
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        const win = new Window(page);
        await win.open(e2eRuntime().uiUrl);
        await win.section('Projects');
        const row = page.getByRole('region', { name: `Project ${PROJECT}` });
        await expect(row.locator('.stage-problem')).toBeVisible();
        await row.scrollIntoViewIfNeeded();
        await win.screenshot(`layout-projects-${String(width)}-${scheme}`);
        expect(await overflowing(page, '.project-row-head code, .project-row-head h2', '.project-row')).toEqual([]);
        expect(await overflowing(page, '.stage-card', '.chain')).toEqual([]);
        expect(await overflowing(page, '.stage-card > *, .stage-problem, .error-note', '.stage-card')).toEqual([]);

        await win.openProject(PROJECT);
        const stepper = page.getByRole('region', { name: `Deploy ${MISSING_TAG} progress` });
        await expect(stepper).toBeVisible();
        await expect(stepper.locator('.stage-problem')).toBeVisible();
        await win.screenshot(`layout-project-${String(width)}-${scheme}`);
        expect(await overflowing(page, '.page-header > code, .page-header > h1', '.page-header')).toEqual([]);
        expect(await overflowing(page, '.step, .step-detail, .stepper .stage-problem', '.stepper')).toEqual([]);
        expect(await overflowing(page, '.stage-large .stage-problem, .stage-large .chart', '.stage-card')).toEqual([]);
        // Steps are a vertical timeline: each one a full-width row, so a detail never wraps inside a number.
        const rows = await stepper.getByRole('listitem').evaluateAll((items) => items.map((i) => Math.round(i.getBoundingClientRect().width)));
        expect(new Set(rows).size).toBe(1);

        // Every other page, at the same size and scheme: nothing reaches past the window or scrolls sideways.
        for (const name of ['Deliveries', 'Events', 'Git', 'Poller', 'Settings'] as const) {
          await win.section(name);
          await win.screenshot(`layout-${name.toLowerCase()}-${String(width)}-${scheme}`);
          expect(await pastTheWindow(page), name).toEqual([]);
        }
        expect(problems).toEqual([]);
      });
    }
  }
});
