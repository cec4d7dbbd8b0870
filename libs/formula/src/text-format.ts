import { roundDecimal } from './numeric';
import { serialToParts } from './value';

/**
 * The subset of Excel number formats that TEXT supports:
 * digits `0` and `#`, decimal point, thousands `,`, percent `%`, literal text in quotes or after `\`,
 * a second `;` section for negatives, and dates `yyyy yy mm m dd d` with `hh:mm:ss` times.
 */
export function formatNumber(value: number, format: string): string {
  const sections = splitSections(format);
  let section = sections[0];
  let v = value;
  if (value < 0 && sections.length > 1) {
    section = sections[1];
    v = -value;
  } else if (value === 0 && sections.length > 2) {
    section = sections[2];
  }
  if (isDateFormat(section)) return formatDate(value, section);
  return formatDecimal(v, section, value < 0 && sections.length === 1);
}

function splitSections(format: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '"') quoted = !quoted;
    if (c === '\\' && i + 1 < format.length) {
      cur += c + format[++i];
      continue;
    }
    if (c === ';' && !quoted) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

function unquoted(section: string): string {
  return section.replace(/"[^"]*"|\\./g, '');
}

function isDateFormat(section: string): boolean {
  const u = unquoted(section).toLowerCase();
  return /[yd]/.test(u) || (/[mhs]/.test(u) && !/[0#]/.test(u));
}

function formatDate(serial: number, section: string): string {
  const { year, month, day } = serialToParts(serial);
  const frac = serial - Math.floor(serial);
  const secs = Math.round(frac * 86400);
  const hh = Math.floor(secs / 3600) % 24;
  const mi = Math.floor(secs / 60) % 60;
  const ss = secs % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  let out = '';
  let lastWasHour = false;
  const re = /"([^"]*)"|\\(.)|(yyyy|yy|mm|m|dd|d|hh|h|ss|s)|(.)/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(section)) !== null) {
    if (m[1] !== undefined) out += m[1];
    else if (m[2] !== undefined) out += m[2];
    else if (m[3] !== undefined) {
      const t = m[3].toLowerCase();
      if (t === 'yyyy') out += String(year).padStart(4, '0');
      else if (t === 'yy') out += two(year % 100);
      else if (t === 'mm' || t === 'm')
        out += lastWasHour ? two(mi) : t === 'mm' ? two(month) : String(month);
      else if (t === 'dd') out += two(day);
      else if (t === 'd') out += String(day);
      else if (t === 'hh') out += two(hh);
      else if (t === 'h') out += String(hh);
      else if (t === 'ss') out += two(ss);
      else out += String(ss);
      lastWasHour = t === 'hh' || t === 'h';
      continue;
    } else out += m[4];
    if (m[4] !== ':') lastWasHour = false;
  }
  return out;
}

function formatDecimal(value: number, section: string, minus: boolean): string {
  const re = /"([^"]*)"|\\(.)|([0#,.]+)|(%)|(.)/g;
  const parts: { lit?: string; num?: string }[] = [];
  let percent = 0;
  let m: RegExpExecArray | null;
  let numSeen = false;
  while ((m = re.exec(section)) !== null) {
    if (m[1] !== undefined) parts.push({ lit: m[1] });
    else if (m[2] !== undefined) parts.push({ lit: m[2] });
    else if (m[3] !== undefined && !numSeen && /[0#]/.test(m[3])) {
      parts.push({ num: m[3] });
      numSeen = true;
    } else if (m[4] !== undefined) {
      percent++;
      parts.push({ lit: '%' });
    } else parts.push({ lit: m[3] ?? m[5] });
  }
  let v = Math.abs(value) * Math.pow(100, percent);
  let text = '';
  for (const part of parts) {
    if (part.lit !== undefined) {
      text += part.lit;
      continue;
    }
    const pattern = part.num as string;
    const dot = pattern.indexOf('.');
    const intPat = dot < 0 ? pattern : pattern.slice(0, dot);
    const decPat = dot < 0 ? '' : pattern.slice(dot + 1).replace(/,/g, '');
    const maxDec = decPat.length;
    const minDec = (decPat.match(/0/g) ?? []).length;
    const minInt = (intPat.match(/0/g) ?? []).length;
    const grouping = intPat.includes(',');
    v = roundDecimal(v, maxDec, 'half-up');
    let [i, d = ''] = v.toFixed(maxDec).split('.');
    while (d.length > minDec && d.endsWith('0')) d = d.slice(0, -1);
    if (i === '0' && minInt === 0) i = '';
    i = i.padStart(minInt, '0');
    if (grouping) i = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    text += d.length > 0 ? `${i}.${d}` : dot >= 0 && maxDec === 0 ? `${i}.` : i;
  }
  const isZero = v === 0;
  return minus && !isZero ? `-${text}` : text;
}
