import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkCodeAnalyzerInChild } from '../../../scripts/salesforce-checks/codeAnalyzerProcess';
import type { CheckResult } from '../../../scripts/salesforce-checks/finding';
import { formatFinding } from '../../../scripts/salesforce-checks/finding';
import type { TempProject } from './tempProject';
import { copyApex, FORCE_APP, tempProject } from './tempProject';

describe('Code Analyzer PMD Security and AppExchange rules: nothing at moderate or above', () => {
  let insecure: TempProject;
  let real: CheckResult;
  let control: CheckResult;

  // One Code Analyzer run over both folders (PMD's JVM start-up is most of the time), in a child process.
  beforeAll(async () => {
    insecure = tempProject();
    copyApex(insecure, 'InsecureQuery');
    const lwc = path.join(insecure.source, 'lwc', 'unsafeHtml');
    mkdirSync(lwc, { recursive: true });
    writeFileSync(
      path.join(lwc, 'unsafeHtml.js'),
      [
        "import { LightningElement, api } from 'lwc';",
        'export default class UnsafeHtml extends LightningElement {',
        '  @api html;',
        '  renderedCallback() {',
        "    this.template.querySelector('div').innerHTML = this.html;",
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    [real, control] = (await checkCodeAnalyzerInChild([FORCE_APP, insecure.source])) as [
      CheckResult,
      CheckResult,
    ];
  }, 300_000);
  afterAll(() => insecure.remove());

  it('runs the Security and AppExchange rules', () => {
    expect(real.checked).toBeGreaterThanOrEqual(35);
  });

  it('finds nothing at moderate or above in force-app', () => {
    expect(real.findings.map(formatFinding)).toEqual([]);
  });

  it('names innerHTML in a component (negative control)', () => {
    expect(control.findings.map(formatFinding)).toContainEqual(
      expect.stringMatching(/^lwc\/unsafeHtml\/unsafeHtml\.js line 5 eslint:@lwc\/lwc\/no-inner-html/),
    );
  });

  it('names SOQL injection and a class without sharing (negative control)', () => {
    const findings = control.findings.map(formatFinding);
    expect(findings).toContainEqual(
      expect.stringMatching(/^classes\/InsecureQuery\.cls line \d+ pmd:ApexSOQLInjection/),
    );
    expect(findings).toContainEqual(
      expect.stringMatching(/^classes\/InsecureQuery\.cls line \d+ pmd:ApexSharingViolations/),
    );
  });
});
