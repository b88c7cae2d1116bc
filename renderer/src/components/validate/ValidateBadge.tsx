import { useStore } from '../../store';

/** The count on the Validate tab: errors, else warnings; coloured by the worst. */
export function ValidateBadge() {
  const errors = useStore((s) => s.findings.filter((f) => f.severity === 'error').length);
  const warnings = useStore((s) => s.findings.filter((f) => f.severity === 'warning').length);
  if (errors + warnings === 0) return null;
  const label = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  return (
    <span
      className={`tab-badge ${errors > 0 ? 'tab-badge-error' : 'tab-badge-warning'}`}
      data-testid="validate-badge"
      aria-label={label}
      title={label}
    >
      {errors > 0 ? errors : warnings}
    </span>
  );
}
