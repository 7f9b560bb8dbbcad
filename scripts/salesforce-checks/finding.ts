/** One problem an offline check found: the file, where in it, and what is wrong. */
export interface Finding {
  /** Path relative to the folder the check was given. */
  file: string;
  /** Element path, line or rule: where in the file. */
  where: string;
  message: string;
}

/** What one check looked at and what it found. */
export interface CheckResult {
  check: string;
  /** How many files (or components) were checked: a check that saw nothing proves nothing. */
  checked: number;
  findings: Finding[];
}

export const formatFinding = (f: Finding): string => `${f.file} ${f.where}: ${f.message}`;
