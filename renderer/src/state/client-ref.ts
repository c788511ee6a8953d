import type { ApiClient } from '../api/client';

let current: ApiClient | null = null;

/** Set once at start-up; stores call through it so they stay free of transport details. */
export function setClient(client: ApiClient): void {
  current = client;
}

export function api(): ApiClient {
  if (!current) throw new Error('The API client is not set up yet.');
  return current;
}
