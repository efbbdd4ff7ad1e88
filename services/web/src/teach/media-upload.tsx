import { useId, useRef, useState, type ChangeEvent } from 'react';
import { api, uploadFile, uploadPercent, type Media, type MediaPurpose, type UploadProgress } from '../api';
import { ErrorMessage, ProgressBar } from '../components/status';

const PHASE_TEXT: Record<UploadProgress['phase'], string> = {
  requesting: 'Preparing the upload…',
  uploading: 'Uploading…',
  processing: 'Processing…',
  ready: 'Done.',
};

/** A file picker that sends the file straight to storage with a progress bar. */
export function MediaUpload({
  label,
  purpose,
  accept,
  hint,
  onUploaded,
}: {
  label: string;
  purpose: MediaPurpose;
  accept: string;
  hint?: string;
  onUploaded: (media: Media) => Promise<void> | void;
}) {
  const inputId = useId();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const onChange = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(undefined);
    setBusy(true);
    abort.current = new AbortController();
    try {
      const media = await uploadFile(api, file, {
        purpose,
        onProgress: setProgress,
        signal: abort.current.signal,
      });
      await onUploaded(media);
    } catch (failure) {
      if (!(failure instanceof DOMException && failure.name === 'AbortError')) setError(failure);
      setProgress(null);
    } finally {
      setBusy(false);
      abort.current = null;
    }
  };

  return (
    <div className="field media-upload">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="file"
        accept={accept}
        disabled={busy}
        aria-describedby={hint ? `${inputId}-hint` : undefined}
        onChange={(event) => void onChange(event)}
      />
      {hint && (
        <small className="hint" id={`${inputId}-hint`}>
          {hint}
        </small>
      )}
      {progress && (
        <div aria-live="polite">
          <ProgressBar
            id={`${inputId}-progress`}
            value={progress.phase === 'uploading' ? uploadPercent(progress) : progress.phase === 'requesting' ? 0 : 100}
            label={PHASE_TEXT[progress.phase]}
          />
        </div>
      )}
      {busy && (
        <button type="button" className="small" onClick={() => abort.current?.abort()}>
          Cancel upload
        </button>
      )}
      <ErrorMessage error={error} title="Upload failed:" />
    </div>
  );
}
