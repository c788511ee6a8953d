import { describe, expect, it } from 'vitest';
import { TagListSchema, TokenResponseSchema } from './schemas';

describe('registry answer schemas', () => {
  it('accepts the token shapes of the token spec and OAuth2', () => {
    expect(TokenResponseSchema.safeParse({ token: 'a', expires_in: 300, issued_at: '2024-01-01T00:00:00Z' }).success).toBe(true);
    expect(TokenResponseSchema.safeParse({ access_token: 'a' }).success).toBe(true);
    expect(TokenResponseSchema.safeParse({ expires_in: 300 }).success).toBe(false);
    expect(TokenResponseSchema.safeParse({ token: '' }).success).toBe(false);
    expect(TokenResponseSchema.safeParse({ token: 'a', expires_in: -1 }).success).toBe(false);
  });

  it('accepts tag lists, including null tags, and rejects other shapes', () => {
    expect(TagListSchema.parse({ name: 'acme/web', tags: ['1.0'] }).tags).toEqual(['1.0']);
    expect(TagListSchema.parse({ name: 'acme/web', tags: null }).tags).toBeNull();
    expect(TagListSchema.safeParse({ name: 'acme/web', tags: [1] }).success).toBe(false);
    expect(TagListSchema.safeParse('nope').success).toBe(false);
  });
});
