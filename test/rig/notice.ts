/** A boxed message on stderr that is hard to miss between test reporter lines. */
export function loudNotice(title: string, lines: readonly string[]): string {
  const body = [title, '', ...lines.flatMap((l) => l.split('\n'))];
  const width = Math.min(110, Math.max(...body.map((l) => l.length)));
  const bar = '═'.repeat(width + 2);
  const row = (l: string): string => `║ ${l.length > width ? l.slice(0, width - 1) + '…' : l.padEnd(width)} ║`;
  return ['', `╔${bar}╗`, ...body.map(row), `╚${bar}╝`, ''].join('\n');
}

export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
