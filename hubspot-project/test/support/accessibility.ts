import {
  Button,
  Input,
  LoadingButton,
  LoadingSpinner,
  Table,
  TableHeader,
  TableRow,
} from '@hubspot/ui-extensions';
import type { createRenderer } from '@hubspot/ui-extensions/testing';
import { textOf } from './textOf';

type Renderer = ReturnType<typeof createRenderer>;

/**
 * What a screen reader needs from a rendered section, as far as HubSpot's components leave it to us
 * (they draw their own markup): every button says what it does, every input and spinner has a label,
 * and every table row has a cell per column header. Returns the problems found, none when accessible.
 */
export function accessibilityProblems(renderer: Renderer): string[] {
  const problems: string[] = [];
  for (const button of [...renderer.findAll(Button), ...renderer.findAll(LoadingButton)])
    if (!textOf(button).trim()) problems.push('a button without text');
  for (const input of renderer.findAll(Input))
    if (!input.props.label.trim()) problems.push(`input ${input.props.name} has no label`);
  for (const spinner of renderer.findAll(LoadingSpinner))
    if (!spinner.props.label?.trim()) problems.push('a spinner without a label');
  for (const table of renderer.findAll(Table)) {
    const columns = table.findAll(TableHeader).length;
    if (columns === 0) problems.push('a table without column headers');
    for (const row of table.findAll(TableRow))
      if (row.childNodes.length !== columns)
        problems.push('a table row whose cells do not match the headers');
  }
  return problems;
}
