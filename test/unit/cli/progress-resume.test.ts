/** The progress bar of a resumed job starts at its checkpoint step, and its ETA counts only the steps taken since. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Progress } from '../../../src/cli/progress';

function fakeTerminal() {
  const out = { isTTY: true, columns: 120, rows: 40, text: '', write(s: string) { out.text += s; return true; } };
  return out;
}

test('a job resumed from step 500 of 1000 shows 500/1000 at 50% before its first batch, "starting" rather than an ETA from steps it did not take', () => {
  const out = fakeTerminal();
  const p = new Progress([{ arm: 'ce', seed: 3, resume: { step: 500, checkpoint: 'weights/ce/seed-3/step-500.safetensors' } }], out as unknown as NodeJS.WriteStream, true);
  p.started({ arm: 'ce', seed: 3 }, 1000);
  p.end();
  assert.match(out.text, / 50% 500\/1000 +starting/);
  const fresh = fakeTerminal();
  const q = new Progress([{ arm: 'ce', seed: 3 }], fresh as unknown as NodeJS.WriteStream, true);
  q.started({ arm: 'ce', seed: 3 }, 1000);
  q.end();
  assert.match(fresh.text, / 0% 0\/1000 +starting/);
});
