import { describe, expect, it } from 'vitest';
import type { Toast } from '../../../preload/contract';
import { addToast, dismissToast, toastLifetime } from './toasts-model';

const t = (id: string, level: Toast['level'] = 'info'): Toast => ({ id, title: id, body: '', level, route: null, action: null });

describe('toasts', () => {
  it('adds newest last and drops the oldest when full', () => {
    const list = [t('a'), t('b')];
    expect(addToast(list, t('c'), 2).map((x) => x.id)).toEqual(['b', 'c']);
  });
  it('replaces a toast with the same id', () => {
    const list = addToast([t('a'), t('b')], { ...t('a'), title: 'new' });
    expect(list.map((x) => [x.id, x.title])).toEqual([['b', 'b'], ['a', 'new']]);
  });
  it('dismisses by id', () => {
    expect(dismissToast([t('a'), t('b')], 'a').map((x) => x.id)).toEqual(['b']);
  });
  it('keeps errors until dismissed', () => {
    expect(toastLifetime(t('x', 'error'))).toBeNull();
    expect(toastLifetime(t('x', 'success'))).toBeGreaterThan(0);
  });
});
