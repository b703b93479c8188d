import { loadConfigFile, formatProblem } from '../../shared/config';
import { checkConfigData } from '../../shared/data/check';

/** Prints each problem of the config, then of its CSV dataset, as `file:line:column: message`; 1 if any error. */
export function validateCommand(configPath: string): number {
  const { config, problems } = loadConfigFile(configPath);
  for (const p of problems) process.stdout.write(formatProblem(configPath, p) + '\n');
  const dataProblems = config ? checkConfigData(config).problems : [];
  for (const p of dataProblems) process.stdout.write(p + '\n');
  const errors = problems.filter((p) => p.severity === 'error').length + dataProblems.length;
  if (errors === 0) process.stdout.write(`${configPath}: valid\n`);
  return errors > 0 ? 1 : 0;
}
