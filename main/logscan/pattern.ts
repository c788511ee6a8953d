import safeRegex from 'safe-regex2';

export type PatternCheck = { readonly ok: true; readonly regex: RegExp } | { readonly ok: false; readonly reason: string };

/**
 * Compiles a rule's pattern, refusing ones that could backtrack catastrophically: a JavaScript
 * regex cannot be interrupted, so one bad pattern could stall the main process on one line.
 * Never global or sticky: `test` on those keeps state between lines.
 */
export function compilePattern(pattern: string, ignoreCase: boolean): PatternCheck {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, ignoreCase ? 'i' : '');
  } catch (error) {
    return { ok: false, reason: `"${pattern}" is not a valid regular expression: ${(error as Error).message}` };
  }
  if (!safeRegex(regex, { limit: 25 })) {
    return {
      ok: false,
      reason: `"${pattern}" could take exponential time on some lines (nested or overlapping repetition such as (a+)+). Simplify it, e.g. drop the outer repetition.`,
    };
  }
  return { ok: true, regex };
}
