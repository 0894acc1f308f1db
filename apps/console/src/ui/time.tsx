const UNITS: Array<[number, string]> = [
  [365 * 86_400, 'year'],
  [30 * 86_400, 'month'],
  [7 * 86_400, 'week'],
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** "3 hours", "1 day", "90 seconds" → the largest whole unit. */
export function humanDuration(seconds: number): string {
  for (const [size, unit] of UNITS) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  for (const [size, unit] of UNITS) {
    if (seconds >= size) {
      const n = Math.round(seconds / size);
      return `about ${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function ago(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  for (const [size, unit] of UNITS) {
    if (Math.abs(seconds) >= size || size === 1) {
      return relative.format(Math.round(seconds / size), unit as Intl.RelativeTimeFormatUnit);
    }
  }
  return iso;
}

/** "Dec 2, 2026, 14:51:24 UTC": seconds and the time zone, because auditors compare times across logs. */
const absolute = new Intl.DateTimeFormat('en', {
  dateStyle: 'medium',
  timeStyle: 'long',
  hourCycle: 'h23',
});
const timeOnly = new Intl.DateTimeFormat('en', { timeStyle: 'long', hourCycle: 'h23' });

export function formatInstant(iso: string): string {
  return absolute.format(new Date(iso));
}

/** "14:51:24 UTC" when the day is already shown. */
export function formatClock(iso: string): string {
  return timeOnly.format(new Date(iso));
}

/** A <time> with the absolute instant in its title and machine-readable datetime. */
export function Time({ iso, relative: rel = false }: { iso: string | null | undefined; relative?: boolean }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={new Date(iso).toISOString()}>
      {rel ? ago(iso) : formatInstant(iso)}
    </time>
  );
}

/**
 * The value for a datetime-local input, in local time: to the minute, or to the second for an
 * input with `step={1}` (a minute-step input refuses a value with seconds).
 */
export function toLocalInput(date: Date, precision: 'minute' | 'second' = 'minute'): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const minute = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return precision === 'second' ? `${minute}:${pad(date.getSeconds())}` : minute;
}

/** A datetime-local input's value as an ISO instant, or undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
