import { useEffect, useState, type ReactElement } from 'react';
import { fullTime, relativeTime } from './time';

/** "2 min ago" that keeps itself current, with the exact time on hover. */
export function RelativeTime({ ts }: { readonly ts: number }): ReactElement {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);
  return (
    <time dateTime={new Date(ts).toISOString()} title={fullTime(ts)}>
      {relativeTime(ts, now)}
    </time>
  );
}
