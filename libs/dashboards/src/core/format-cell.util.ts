import type { MeasureFormat } from './dashboard.schema';
import type { Cell } from './widget-result';

function grouped(n: number, decimals: number): string {
  const [int, frac] = Math.abs(n).toFixed(decimals).split('.');
  const withCommas = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${withCommas}${frac ? `.${frac}` : ''}`;
}

/** A cell as text for messages and exports' display columns: percent ×100 with %, thousands separated. */
export function formatCell(cell: Cell, format: MeasureFormat, decimals?: number): string {
  if (cell === null) return '—';
  if (typeof cell === 'object') return cell.error;
  if (typeof cell === 'string') return cell;
  switch (format) {
    case 'percent':
      return `${grouped(cell * 100, decimals ?? 1)}%`;
    case 'integer':
      return grouped(cell, 0);
    case 'currency':
      return grouped(cell, decimals ?? 0);
    case 'score':
      return grouped(cell, decimals ?? 1);
    default:
      return grouped(cell, decimals ?? (Number.isInteger(cell) ? 0 : 2));
  }
}
