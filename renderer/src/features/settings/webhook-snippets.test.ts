import { describe, expect, it } from 'vitest';
import { webhookSnippets } from './webhook-snippets';

describe('webhookSnippets', () => {
  it('puts the URL in every snippet and gives curl a JSON image body', () => {
    const url = 'http://127.0.0.1:7000/api/webhook/abc';
    const snippets = webhookSnippets(url);
    expect(snippets.length).toBeGreaterThanOrEqual(5);
    for (const s of snippets) expect(s.code).toContain(url);
    const curl = snippets[0]?.code ?? '';
    expect(curl).toContain(`-d '{"image":"localhost:5000/acme/web:1.4.0"}'`);
  });
});
