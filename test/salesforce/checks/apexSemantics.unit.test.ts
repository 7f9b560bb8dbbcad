import { checkApexSemantics } from '../../../scripts/salesforce-checks/apexSemanticsCheck';
import type { CheckResult } from '../../../scripts/salesforce-checks/finding';
import { formatFinding } from '../../../scripts/salesforce-checks/finding';
import type { TempProject } from './tempProject';
import { copyApex, ROOT, tempProject } from './tempProject';

describe('Apex semantics by apex-ls, the language server in Code Analyzer PMD engine', () => {
  let broken: TempProject;
  let real: CheckResult;
  let control: CheckResult;

  // One JVM for both projects: Java start-up and the platform's types are most of the time.
  beforeAll(async () => {
    broken = tempProject();
    copyApex(broken, 'BrokenSemantics');
    [real, control] = (await checkApexSemantics([ROOT, broken.dir])) as [CheckResult, CheckResult];
  }, 300_000);
  afterAll(() => broken.remove());

  it('finds no unresolved type, variable, method or field in force-app', () => {
    expect(real.findings.map(formatFinding)).toEqual([]);
  });

  it('names an unknown type and an unknown method (negative control)', () => {
    const findings = control.findings.map(formatFinding);
    expect(findings).toContainEqual(
      expect.stringMatching(
        /^force-app\/main\/default\/classes\/BrokenSemantics\.cls line 4:.*Ledgerbridge_No_Such_Type__c/,
      ),
    );
    expect(findings).toContainEqual(
      expect.stringMatching(/^force-app\/main\/default\/classes\/BrokenSemantics\.cls line 5:.*noSuchMethod/),
    );
  });
});
