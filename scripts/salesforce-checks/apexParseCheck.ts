import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import type { CheckResult, Finding } from './finding';

class Collect extends ApexErrorListener {
  readonly errors: Array<{ line: number; column: number; msg: string }> = [];
  apexSyntaxError(line: number, column: number, msg: string): void {
    this.errors.push({ line, column, msg });
  }
}

function apexFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return apexFiles(full);
    return full.endsWith('.cls') || full.endsWith('.trigger') ? [full] : [];
  });
}

/** Syntax errors in one Apex class or trigger, from both the lexer and the parser. */
export function parseApex(
  source: string,
  trigger: boolean,
): Array<{ line: number; column: number; msg: string }> {
  const listener = new Collect();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  if (trigger) parser.triggerUnit();
  else parser.compilationUnit();
  return listener.errors;
}

/** Every Apex class and trigger under `sourceDir` through the apex-dev-tools ANTLR grammar. */
export function checkApexSyntax(sourceDir: string): CheckResult {
  const files = apexFiles(sourceDir);
  const findings: Finding[] = files.flatMap((file) =>
    parseApex(readFileSync(file, 'utf8'), file.endsWith('.trigger')).map((e) => ({
      file: path.relative(sourceDir, file),
      where: `line ${e.line}:${e.column}`,
      // ANTLR lists every token it would have taken: long and unhelpful in a report.
      message: `syntax error: ${e.msg.replace(/ expecting \{.{80,}\}$/, ' expecting ...')}`,
    })),
  );
  return { check: 'Apex syntax (@apexdevtools/apex-parser)', checked: files.length, findings };
}
