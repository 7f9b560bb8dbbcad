import {
  Button,
  Input,
  LoadingSpinner,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { accessibilityProblems } from '../support/accessibility';

describe('the accessibility check the settings tests use', () => {
  it('finds each kind of problem it looks for (negative control)', () => {
    const renderer = createRenderer('settings');
    renderer.render(
      <>
        <Button onClick={() => undefined}> </Button>
        <Input name="reason" label="" />
        <LoadingSpinner label="" />
        <Table>
          <TableHead>
            <TableRow>
              <TableHeader>Company</TableHeader>
              <TableHeader>Rule</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            <TableRow>
              <TableCell>Contoso Ltd</TableCell>
            </TableRow>
          </TableBody>
        </Table>
      </>,
    );
    expect(accessibilityProblems(renderer)).toEqual([
      'a button without text',
      'input reason has no label',
      'a spinner without a label',
      'a table row whose cells do not match the headers',
    ]);
  });
});
