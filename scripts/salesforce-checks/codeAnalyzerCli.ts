// Code Analyzer in a process of its own, results as JSON on stdout: its engines leave handles open
// in the process that ran them (a jest worker would not exit), so tests run it through here.
//
//   node --import tsx scripts/salesforce-checks/codeAnalyzerCli.ts <source dir>...
import { checkCodeAnalyzer } from './codeAnalyzerCheck';

checkCodeAnalyzer(process.argv.slice(2)).then(
  (results) => {
    process.stdout.write(JSON.stringify(results));
    process.exit(0);
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
