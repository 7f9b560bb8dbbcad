import path from 'node:path';
import { checkMetadata } from '../../../scripts/salesforce-checks/metadataCheck';
import { fieldsOf, loadMetadataSchema } from '../../../scripts/salesforce-checks/metadataSchema';
import { formatFinding } from '../../../scripts/salesforce-checks/finding';
import type { TempProject } from './tempProject';
import { copyFixtures, FORCE_APP, tempProject } from './tempProject';

const schema = loadMetadataSchema();

describe('the Metadata API typings as a schema', () => {
  it('reads enums, inherited fullName, required and repeated elements from the .d.ts', () => {
    const field = fieldsOf(schema, 'CustomField');
    expect(field?.get('fullName')).toEqual({ type: 'string', array: false, optional: true });
    expect(field?.get('type')).toEqual({ type: 'FieldType', array: false, optional: true });
    const fieldType = schema.get('FieldType');
    expect(fieldType?.kind === 'enum' && fieldType.values.has('Picklist')).toBe(true);
    expect(fieldsOf(schema, 'CompactLayout')?.get('label')).toMatchObject({ optional: false, array: false });
    expect(fieldsOf(schema, 'CompactLayout')?.get('fields')).toMatchObject({ type: 'string', array: true });
  });
});

describe('every -meta.xml in force-app against the Metadata API typings', () => {
  it('finds nothing wrong in force-app', () => {
    const result = checkMetadata(FORCE_APP, schema);
    expect(result.checked).toBeGreaterThan(100);
    expect(result.findings.map(formatFinding)).toEqual([]);
  });

  it('finds nothing wrong in org-defaults, the unpackaged source folder', () => {
    const result = checkMetadata(path.join(FORCE_APP, '..', 'org-defaults'), schema);
    expect(result.checked).toBe(2);
    expect(result.findings.map(formatFinding)).toEqual([]);
  });

  describe('negative controls', () => {
    let project: TempProject;
    let findings: string[];
    beforeAll(() => {
      project = tempProject();
      copyFixtures(project, 'metadata');
      findings = checkMetadata(project.source, schema).findings.map(formatFinding);
    });
    afterAll(() => project.remove());

    it('names a value that is not in the enum', () => {
      expect(findings).toContainEqual(
        expect.stringMatching(
          /Bad_Type__c\.field-meta\.xml \/CustomField\/type: 'Textual' is not a FieldType/,
        ),
      );
    });

    it('names unknown elements, at the top and nested', () => {
      expect(findings).toContainEqual(
        expect.stringMatching(/Unknown_Element__c\.field-meta\.xml \/CustomField\/colour: unknown element/),
      );
      expect(findings).toContainEqual(
        expect.stringMatching(
          /Unknown_Element__c\.field-meta\.xml \/CustomField\/valueSet\/valueSetDefinition\/value\/colour: unknown element: CustomValue has no colour/,
        ),
      );
    });

    it('names a missing required element', () => {
      expect(findings).toContainEqual(
        expect.stringMatching(
          /Missing_Label\.compactLayout-meta\.xml \/CompactLayout\/label: missing required element/,
        ),
      );
    });

    it('reports nothing else in the broken files', () => {
      expect(findings).toHaveLength(4);
    });
  });
});
