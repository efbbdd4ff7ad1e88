import type { ReactNode } from 'react';
import { errorMessage } from '../api';

/** An error from the API, in its own words, announced to screen readers. */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <div className="notice notice-error" role="alert">
      {title && <strong>{title} </strong>}
      {errorMessage(error)}
    </div>
  );
}

export function SuccessMessage({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <div className="notice notice-success" role="status">
      {children}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** A labelled progress bar (0–100). */
export function ProgressBar({ value, label, id }: { value: number; label: string; id?: string }) {
  const percent = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="progress">
      <div className="progress-label">
        <span id={id ? `${id}-label` : undefined}>{label}</span>
        <span className="progress-value">{percent} %</span>
      </div>
      <progress
        id={id}
        max={100}
        value={percent}
        aria-labelledby={id ? `${id}-label` : undefined}
        aria-label={id ? undefined : label}
        aria-valuetext={`${percent} %`}
      >
        {percent} %
      </progress>
    </div>
  );
}
