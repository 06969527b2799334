import type { SkippedDepartment } from '../keys/department-set.js';
import type { SigningDepartment } from './signing-department.js';

/** What /readyz says of a department that was skipped: its code and problem, never a path. */
export type SkippedDepartmentReport = { readonly code: string; readonly problem: string };

/**
 * The departments the service signs for, replaced as a whole when they are reloaded (SIGHUP): a
 * request sees either the old set or the new one, never a mix. Read as a map by everything that
 * takes one, so routes and use cases need not know that it can change.
 */
export class LiveDepartments implements ReadonlyMap<string, SigningDepartment> {
  private current: ReadonlyMap<string, SigningDepartment>;
  private skippedNow: readonly SkippedDepartmentReport[];

  constructor(departments: ReadonlyMap<string, SigningDepartment>, skipped: readonly SkippedDepartment[]) {
    this.current = departments;
    this.skippedNow = skipped.map(({ code, problem }) => ({ code, problem }));
  }

  replace(departments: ReadonlyMap<string, SigningDepartment>, skipped: readonly SkippedDepartment[]): void {
    this.current = departments;
    this.skippedNow = skipped.map(({ code, problem }) => ({ code, problem }));
  }

  get skipped(): readonly SkippedDepartmentReport[] {
    return this.skippedNow;
  }

  get size(): number {
    return this.current.size;
  }

  get(code: string): SigningDepartment | undefined {
    return this.current.get(code);
  }

  has(code: string): boolean {
    return this.current.has(code);
  }

  forEach(callback: (value: SigningDepartment, key: string, map: ReadonlyMap<string, SigningDepartment>) => void, thisArg?: unknown): void {
    this.current.forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): MapIterator<[string, SigningDepartment]> {
    return this.current.entries();
  }

  keys(): MapIterator<string> {
    return this.current.keys();
  }

  values(): MapIterator<SigningDepartment> {
    return this.current.values();
  }

  [Symbol.iterator](): MapIterator<[string, SigningDepartment]> {
    return this.current[Symbol.iterator]();
  }
}
