import { Pipe, type PipeTransform } from '@angular/core';

/** "1.2 s", "3 min 4 s" between two instants (to now when `end` is missing). */
export function duration(start?: string | null, end?: string | null): string {
  if (!start) {
    return '—';
  }
  const ms = (end ? Date.parse(end) : Date.now()) - Date.parse(start);
  if (ms < 1000) {
    return `${Math.max(ms, 0)} ms`;
  }
  const seconds = ms / 1000;
  if (seconds < 60) {
    return `${seconds.toFixed(1)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

@Pipe({ name: 'duration' })
export class DurationPipe implements PipeTransform {
  transform(start?: string | null, end?: string | null): string {
    return duration(start, end);
  }
}

/** A date in the reader's locale, short: "23 Nov, 14:03:12". */
@Pipe({ name: 'when' })
export class WhenPipe implements PipeTransform {
  transform(value?: string | null): string {
    if (!value) {
      return '—';
    }
    return new Date(value).toLocaleString(undefined, {
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }
}

export function bytes(size: number | null | undefined): string {
  if (size == null) {
    return '';
  }
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit ? value.toFixed(1) : value} ${units[unit]}`;
}
