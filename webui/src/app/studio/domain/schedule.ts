/** A cron trigger's next fire times, as the studio answers them (ISO 8601, computed with the
 * runner's cron dialect), shown in the trigger's own time zone. */
export function fireTimes(times: readonly string[], timeZone: string): string[] {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return times.map((time) => format.format(new Date(time)));
}
