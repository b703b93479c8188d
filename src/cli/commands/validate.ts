import { loadConfigFile, formatProblem } from '../../shared/config';

/** Prints each problem as `file:line:column: message`; 1 if any error. */
export function validateCommand(configPath: string): number {
  const { problems } = loadConfigFile(configPath);
  for (const p of problems) process.stdout.write(formatProblem(configPath, p) + '\n');
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (errors === 0) process.stdout.write(`${configPath}: valid\n`);
  return errors > 0 ? 1 : 0;
}
