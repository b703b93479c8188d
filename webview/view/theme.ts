/**
 * The VS Code theme as the charts need it, read from the CSS variables VS Code sets on the page, and
 * re-read when the theme changes (VS Code swaps the body class and rewrites the variables).
 */
import { buildPalette, THEME_CHART_COLORS, withAlpha, type ThemeChartColor, type ThemeKind } from '../model/colors';

export interface Theme {
  kind: ThemeKind;
  foreground: string;
  background: string;
  muted: string;
  grid: string;
  border: string;
  accent: string;
  hoverBackground: string;
  hoverForeground: string;
  hoverBorder: string;
  fontFamily: string;
  fontSize: number;
  palette: string[];
}

function kindOf(body: HTMLElement): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const kind = kindOf(document.body);
  const light = kind === 'light' || kind === 'high-contrast-light';
  const foreground = v('--vscode-editor-foreground', v('--vscode-foreground', light ? '#333333' : '#cccccc'));
  const background = v('--vscode-editor-background', light ? '#ffffff' : '#1e1e1e');
  const chart: Partial<Record<ThemeChartColor, string>> = {};
  for (const c of THEME_CHART_COLORS) chart[c] = v(`--vscode-charts-${c}`, '');
  const hc = kind.startsWith('high-contrast');
  return {
    kind,
    foreground,
    background,
    muted: v('--vscode-descriptionForeground', withAlpha(foreground, 0.75)),
    grid: hc ? withAlpha(foreground, 0.35) : withAlpha(v('--vscode-charts-lines', foreground), light ? 0.16 : 0.14),
    border: v('--vscode-panel-border', withAlpha(foreground, 0.2)),
    accent: v('--vscode-focusBorder', chart.blue || '#007fd4'),
    hoverBackground: v('--vscode-editorHoverWidget-background', background),
    hoverForeground: v('--vscode-editorHoverWidget-foreground', foreground),
    hoverBorder: v('--vscode-editorHoverWidget-border', withAlpha(foreground, 0.3)),
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(v('--vscode-font-size', '13')) || 13,
    palette: buildPalette(chart, kind),
  };
}

/** Calls `onChange` when the body's theme class or the page's theme variables change. */
export function watchTheme(onChange: () => void): void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}
