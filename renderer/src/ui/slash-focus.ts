/** `/` focuses the search box of the current page (the element marked `data-search`), unless the user is typing. */
export function installSlashFocus(): () => void {
  const onKey = (e: KeyboardEvent): void => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target as HTMLElement | null;
    if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
    const search = document.querySelector<HTMLInputElement>('[data-search]');
    if (!search) return;
    e.preventDefault();
    search.focus();
    search.select();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
