import type { LogLine, TriggerStatus } from '../../core/api/models';

/** How a deployed trigger does, in words: `running`, `finished` (a source whose run
 * returned: the workflow stays deployed), `failed: <its error>`; null while not deployed. */
export function triggerLine(trigger: TriggerStatus | null | undefined): string | null {
  if (!trigger) return null;
  return trigger.message ? `${trigger.state}: ${trigger.message}` : trigger.state;
}

/** The trigger log as text, its last `max` lines (a long-running source writes a lot). */
export function logText(lines: LogLine[], max = 200): string {
  const shown = lines.slice(-max).map((l) => l.line);
  const cut = lines.length > max ? [`… ${lines.length - max} earlier lines`] : [];
  return [...cut, ...shown].join('\n');
}
