import { describe, expect, it } from 'vitest';
import { describeBindError } from './bind-error';

describe('describeBindError', () => {
  it('names the port and says something else uses it', () => {
    expect(describeBindError('EADDRINUSE', 8080, 'x')).toBe(
      'port 8080 on 127.0.0.1 is already in use by another program; choose another public port or stop what is using it',
    );
  });

  it('explains privileged ports', () => {
    expect(describeBindError('EACCES', 80, 'x')).toMatch(/port 80.*above 1024/);
  });

  it('falls back to the system message', () => {
    expect(describeBindError('EWHATEVER', 8080, 'boom')).toBe('cannot listen on 127.0.0.1:8080: boom');
  });
});
