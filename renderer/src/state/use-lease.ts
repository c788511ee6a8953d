import { useEffect } from 'react';

export interface Lease {
  readonly subscriptionId: string;
  readonly leaseMs: number;
}

/**
 * Holds a server-side subscription while a component is shown: subscribe on mount, renew within the
 * lease (so a closed window stops costing the server), unsubscribe on unmount.
 */
export function useLease(key: string, open: () => Promise<Lease>, renew: (id: string) => Promise<unknown>, close: (id: string) => Promise<unknown>, onOpen?: (id: string) => (() => void) | undefined): void {
  useEffect(() => {
    let id: string | null = null;
    let timer: ReturnType<typeof setInterval> | null = null;
    let gone = false;
    let cleanup: (() => void) | undefined;
    void open()
      .then((lease) => {
        if (gone) {
          void close(lease.subscriptionId).catch(() => undefined);
          return;
        }
        id = lease.subscriptionId;
        cleanup = onOpen?.(lease.subscriptionId);
        timer = setInterval(() => {
          if (id !== null) void renew(id).catch(() => undefined);
        }, Math.max(1000, lease.leaseMs / 3));
      })
      .catch(() => undefined);
    return () => {
      gone = true;
      if (timer) clearInterval(timer);
      cleanup?.();
      if (id !== null) void close(id).catch(() => undefined);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key says when to resubscribe
  }, [key]);
}
