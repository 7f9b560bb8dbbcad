import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CodeAnalyzer, CodeAnalyzerConfig, EventType, LogLevel } from '@salesforce/code-analyzer-core';
import type { LogEvent } from '@salesforce/code-analyzer-core';
import * as eslintEngine from '@salesforce/code-analyzer-eslint-engine';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';
import type { CheckResult } from './finding';

/**
 * PMD's Security rules and the AppExchange security review rules Code Analyzer adds to PMD (Apex,
 * metadata XML, LWC JavaScript), and the ESLint engine's Security rules (LWC: no innerHTML).
 */
export const RULE_SELECTORS = ['pmd:Security', 'pmd:AppExchange', 'eslint:Security'];
/** Code Analyzer's severities: 1 Critical, 2 High, 3 Moderate, 4 Low, 5 Info. Moderate and above fail. */
export const FAIL_AT_SEVERITY = 3;

/**
 * Salesforce Code Analyzer (its core, PMD and ESLint engines, as the `sf code-analyzer` plugin runs them)
 * over each source folder: Apex, metadata XML and LWC JavaScript, every finding at moderate or
 * above. One run for all folders (PMD's JVM start-up is most of the cost), one result per folder.
 */
export async function checkCodeAnalyzer(sourceDirs: string[]): Promise<CheckResult[]> {
  // Code Analyzer writes its temporary files and logs under the config root's folders.
  const scratch = mkdtempSync(path.join(tmpdir(), 'lb-code-analyzer-'));
  try {
    const config = CodeAnalyzerConfig.fromObject(
      { config_root: scratch, log_folder: scratch, engines: { pmd: {}, eslint: {} } },
      scratch,
    );
    const analyzer = new CodeAnalyzer(config);
    const errors: string[] = [];
    analyzer.onEvent(EventType.LogEvent, (event: LogEvent) => {
      if (event.logLevel === LogLevel.Error) errors.push(event.message);
    });
    await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());
    await analyzer.addEnginePlugin(eslintEngine.createEnginePlugin());
    const workspace = await analyzer.createWorkspace(sourceDirs);
    const rules = await analyzer.selectRules(RULE_SELECTORS, { workspace });
    const results = await analyzer.run(rules, { workspace });
    if (errors.length > 0) throw new Error(`Code Analyzer reported errors: ${errors.join('; ')}`);
    const violations = results
      .getViolations()
      .filter((v) => v.getRule().getSeverityLevel() <= FAIL_AT_SEVERITY);
    return sourceDirs.map((sourceDir) => {
      const inside = (file: string | undefined) =>
        file !== undefined && !path.relative(sourceDir, file).startsWith('..');
      const findings = violations
        .filter((v) => inside(v.getPrimaryLocation().getFile()))
        .map((v) => {
          const at = v.getPrimaryLocation();
          return {
            file: path.relative(sourceDir, at.getFile() ?? sourceDir),
            where: `line ${at.getStartLine() ?? '?'} ${v.getRule().getEngineName()}:${v.getRule().getName()} (severity ${v.getRule().getSeverityLevel()})`,
            message: v.getMessage(),
          };
        });
      return {
        check: 'Code Analyzer PMD Security + AppExchange and ESLint Security rules, severity ≤ 3',
        checked: rules.getCount(),
        findings,
      };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
