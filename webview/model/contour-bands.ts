/**
 * Filled contour bands of a loss slice, by d3-contour's marching squares on log10(loss) (log-spaced
 * levels become evenly spaced, and the linear interpolation along cell edges follows the loss's
 * orders of magnitude). Polygons come back in the slice's own coordinates (α, β). A value outside the
 * levels (below the first, above the last, or not finite: a diverged evaluation) counts as the
 * nearest end, so every grid point is inside a band.
 */
import { contours } from 'd3-contour';

export type Ring = [number, number][];

export interface Band {
  /** The band's lower level: the region where loss ≥ lo (painted in order, each over the one before). */
  lo: number;
  /** Rings of the region; filled with the even-odd rule (holes are rings inside rings). */
  rings: Ring[];
}

/** Regions loss ≥ levels[i] for each level but the last, on the grid loss[j][i] at (x[i], y[j]). */
export function contourBands(loss: readonly (readonly number[])[], x: readonly number[], y: readonly number[], levels: readonly number[]): Band[] {
  const nx = x.length;
  const ny = y.length;
  const lo = Math.log10(levels[0]);
  const hi = Math.log10(levels[levels.length - 1]);
  const values = new Array<number>(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = loss[j][i];
      values[i + j * nx] = v > 0 && v < Infinity ? Math.min(hi, Math.max(lo, Math.log10(v))) : v <= 0 ? lo : hi;
    }
  }
  // d3 puts sample i at i + 0.5 on an axis running 0 … n; the half cells beyond the first and last samples are clamped onto them.
  const toData = (axis: readonly number[], g: number): number => {
    const n = axis.length;
    const u = Math.max(0, Math.min(n - 1, g - 0.5));
    const k = Math.min(n - 2, Math.floor(u));
    return axis[k] + (axis[k + 1] - axis[k]) * (u - k);
  };
  const thresholds = levels.slice(0, -1).map((l) => Math.log10(l));
  return contours()
    .size([nx, ny])
    .thresholds(thresholds)(values)
    .map((mp, b) => ({
      lo: levels[b],
      rings: mp.coordinates.flatMap((polygon) => polygon.map((ring) => ring.map(([gx, gy]) => [toData(x, gx), toData(y, gy)] as [number, number]))),
    }));
}
