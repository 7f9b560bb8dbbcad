import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatFinding } from '../../../scripts/salesforce-checks/finding';
import { checkLwc } from '../../../scripts/salesforce-checks/lwcCheck';
import type { TempProject } from './tempProject';
import { FORCE_APP, tempProject } from './tempProject';

const LWC = path.join(FORCE_APP, 'main/default/lwc');

describe('every Lightning Web Component through @lwc/compiler', () => {
  it('compiles every bundle in force-app', () => {
    const result = checkLwc(LWC, FORCE_APP);
    expect(result.checked).toBeGreaterThanOrEqual(6);
    expect(result.findings.map(formatFinding)).toEqual([]);
  });

  describe('negative controls', () => {
    let project: TempProject;
    let findings: string[];
    beforeAll(() => {
      project = tempProject();
      const lwc = path.join(project.source, 'lwc');
      // A real bundle beside the broken ones: the check must not blame it.
      cpSync(path.join(LWC, 'ledgerbridgeSyncHealth'), path.join(lwc, 'ledgerbridgeSyncHealth'), {
        recursive: true,
      });
      mkdirSync(path.join(lwc, 'brokenTemplate'), { recursive: true });
      writeFileSync(
        path.join(lwc, 'brokenTemplate/brokenTemplate.js'),
        "import { LightningElement } from 'lwc';\nexport default class BrokenTemplate extends LightningElement {}\n",
      );
      // A directive the LWC template compiler does not know.
      writeFileSync(
        path.join(lwc, 'brokenTemplate/brokenTemplate.html'),
        '<template><p lwc:nonsense>x</p></template>\n',
      );
      mkdirSync(path.join(lwc, 'brokenScript'), { recursive: true });
      // TypeScript handed to the platform's compiler as JavaScript.
      writeFileSync(
        path.join(lwc, 'brokenScript/brokenScript.js'),
        "import { LightningElement, api } from 'lwc';\nexport default class BrokenScript extends LightningElement {\n  @api label: string = '';\n}\n",
      );
      mkdirSync(path.join(lwc, 'uncompiled'), { recursive: true });
      writeFileSync(path.join(lwc, 'uncompiled/uncompiled.ts'), 'export const x = 1;\n');
      findings = checkLwc(lwc, project.source).findings.map(formatFinding);
    });
    afterAll(() => project.remove());

    it('names a template that does not compile', () => {
      expect(findings).toContainEqual(expect.stringMatching(/^lwc\/brokenTemplate\/brokenTemplate\.html /));
    });

    it('names a script that does not compile', () => {
      expect(findings).toContainEqual(expect.stringMatching(/^lwc\/brokenScript\/brokenScript\.js /));
    });

    it('names a component whose TypeScript was never built', () => {
      expect(findings).toContainEqual(
        expect.stringMatching(/^lwc\/uncompiled\/uncompiled\.ts .*no compiled \.js/),
      );
    });

    it('does not blame the sound component', () => {
      expect(findings.filter((f) => f.includes('ledgerbridgeSyncHealth'))).toEqual([]);
    });
  });
});
