import { checkApexSyntax } from '../../../scripts/salesforce-checks/apexParseCheck';
import { formatFinding } from '../../../scripts/salesforce-checks/finding';
import { copyApex, FORCE_APP, tempProject } from './tempProject';

describe('every Apex class parsed by @apexdevtools/apex-parser', () => {
  it('finds no syntax error in force-app', () => {
    const result = checkApexSyntax(FORCE_APP);
    expect(result.checked).toBeGreaterThanOrEqual(4);
    expect(result.findings.map(formatFinding)).toEqual([]);
  });

  it('names the file and line of a syntax error (negative control)', () => {
    const project = tempProject();
    try {
      copyApex(project, 'BrokenSyntax', 'BrokenSemantics');
      const findings = checkApexSyntax(project.source).findings.map(formatFinding);
      expect(findings).toEqual([
        expect.stringMatching(/^classes\/BrokenSyntax\.cls line 4:\d+: syntax error/),
      ]);
    } finally {
      project.remove();
    }
  });
});
