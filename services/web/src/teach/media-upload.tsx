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
  // Kept after a failure, so the person can retry without looking for the file again.
  const [file, setFile] = useState<File | null>(null);
  const [uploaded, setUploaded] = useState<Media | null>(null);

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    setFile(chosen);
    void upload(chosen);
  };

  const upload = async (picked: File) => {
    setError(undefined);
    setUploaded(null);
    setBusy(true);
    abort.current = new AbortController();
    try {
      const media = await uploadFile(api, picked, {
        purpose,
        onProgress: setProgress,
        signal: abort.current.signal,
      });
      setUploaded(media);
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
        onChange={onChange}
      />
      {file && (
        <p className="muted">
          Chosen file: {file.name} ({Math.max(1, Math.round(file.size / 1024))} KB)
        </p>
      )}
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
      {error !== undefined && file && !busy && (
        <button type="button" className="small" onClick={() => void upload(file)}>
          Retry uploading “{file.name}”
        </button>
      )}
      {uploaded && Object.keys(uploaded.variants).length > 0 && (
        <ul className="variants" aria-label="Image variants">
          {Object.entries(uploaded.variants).map(([name, variant]) => (
            <li key={name}>
              {variant?.url && <img src={variant.url} alt="" width={Math.min(120, variant.width)} />}
              <span>
                {name}: {variant?.width}×{variant?.height} px
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
