/** Number, duration and file-name formatting for axes, tooltips, the table and exports. */

/** A value with `digits` significant digits, without exponent noise for everyday magnitudes. */
export function formatValue(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return v.toExponential(Math.max(0, digits - 1)).replace('e+', 'e');
  return String(Number(v.toPrecision(digits)));
}

/** Axis tick label: compact (1.2k, 3e-5). */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 && a < 1e9) {
    return a >= 1e6 ? `${Number((v / 1e6).toPrecision(3))}M` : `${Number((v / 1e3).toPrecision(3))}k`;
  }
  if (a >= 1e9 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

/** Log-axis ticks: labels only at `mantissas` × 10^k (1, 2, 5 by default; fewer over many decades), so labels never crowd. */
export function isNiceLogTick(v: number, mantissas: readonly number[] = [1, 2, 5]): boolean {
  if (!(v > 0)) return false;
  const m = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
  return mantissas.some((d) => Math.abs(m - d) < 1e-6);
}

/** Wall time in seconds as 45 s, 12 m 30 s, 2 h 05 m. */
export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec)) return '—';
  const s = Math.max(0, sec);
  if (s < 60) return `${Number(s.toPrecision(s < 10 ? 2 : 3))} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} m`;
}

/** A plain file name (no folders, reserved or control characters), at most 200 characters. */
export function fileName(...parts: string[]): string {
  const name = parts
    .join('-')
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  const ext = /\.[a-z0-9]{1,5}$/i.exec(name)?.[0] ?? '';
  const stem = name.slice(0, name.length - ext.length).slice(0, 200 - ext.length).replace(/^\.+/, '');
  return (stem || 'losslab') + ext;
}
