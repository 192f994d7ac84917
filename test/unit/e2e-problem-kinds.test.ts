import { describe, expect, it } from 'vitest';
import { IMPORT_PROBLEM_KINDS } from '../../src/core/import';
// The e2e specs are plain JS and keep their own copy of the problem kinds; this keeps it honest.
// @ts-expect-error: the e2e helpers are untyped .mjs; the list is only compared, never typed.
import { IMPORT_PROBLEM_KINDS as E2E_KINDS } from '../e2e/lib/import.mjs';

describe('the e2e suite’s list of import problem kinds', () => {
  it('is exactly core’s list', () => {
    expect([...(E2E_KINDS as readonly string[])].sort()).toEqual([...IMPORT_PROBLEM_KINDS].sort());
  });
});
