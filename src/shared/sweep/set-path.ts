/** Dotted paths into plain config objects: `train.optimizer.lr`, `model.hidden.0`, `lambda`. */

type Obj = Record<string, unknown>;

export const CONFIG_PATH_ROOTS = ['train', 'model', 'data'] as const;

/** Whether a sweep key addresses the config (`train.…`, `model.…`, `data.…`) rather than an arm field. */
export function isConfigPath(key: string): boolean {
  return (CONFIG_PATH_ROOTS as readonly string[]).includes(key.split('.')[0]) && key.includes('.');
}

export function getPath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Obj)[seg];
  }
  return cur;
}

/** Sets a number at an existing numeric field; throws when the path does not lead to a number. */
export function setPath(root: unknown, path: string, value: number): void {
  const segs = path.split('.');
  let cur: unknown = root;
  for (const seg of segs.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') throw new Error(`'${path}' does not exist`);
    cur = (cur as Obj)[seg];
  }
  const last = segs[segs.length - 1];
  if (cur === null || typeof cur !== 'object' || typeof (cur as Obj)[last] !== 'number') throw new Error(`'${path}' is not a number field`);
  (cur as Obj)[last] = value;
}
