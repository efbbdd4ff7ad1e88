import { Link, useParams } from 'react-router';
import { api } from '../api';
import { isNotFound, NotFound } from '../components/not-found';
import { usePageTitle } from '../components/page-title';
import { ErrorMessage, Loading } from '../components/status';
import { useLoad } from '../components/use-load';

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/**
 * A certificate as progress issued it, open to anyone with the link: everything shown is read from
 * progress by the id, so the page itself is the verification. Printing (or "Save as PDF") gives the
 * certificate alone (styles.css, @media print).
 */
export function CertificatePage() {
  const { certificateId = '' } = useParams();
  const certificate = useLoad(() => api.progress.certificate(certificateId), [certificateId]);
  usePageTitle(certificate.data ? `Certificate: ${certificate.data.courseTitle}` : undefined);

  if (!certificate.data && isNotFound(certificate.error)) {
    return (
      <NotFound title="Certificate not found">
        <p>No certificate has this id. Check that the link is complete: a certificate can only be verified here.</p>
      </NotFound>
    );
  }
  if (!certificate.data) {
    return (
      <section>
        <h1>Certificate</h1>
        {certificate.loading && <Loading label="Loading the certificate…" />}
        <ErrorMessage error={certificate.error} />
      </section>
    );
  }
  const { id, learnerName, courseTitle, completedAt, courseId } = certificate.data;
  const verifyUrl = `${window.location.origin}/certificates/${id}`;
  return (
    <article className="certificate-page" aria-labelledby="certificate-title">
      <div className="certificate">
        <p className="certificate-kicker">Learning platform</p>
        <h1 id="certificate-title">Certificate of completion</h1>
        <p className="certificate-text">This certifies that</p>
        <p className="certificate-name">{learnerName || 'a learner of this platform'}</p>
        <p className="certificate-text">completed the course</p>
        <p className="certificate-course">{courseTitle}</p>
        <p className="certificate-text">
          on <time dateTime={completedAt}>{DATE.format(new Date(completedAt))}</time>
        </p>
        <p className="certificate-verify">
          Certificate {id}. Verify it at <a href={verifyUrl}>{verifyUrl}</a>
        </p>
      </div>
      <div className="toolbar certificate-actions">
        <button type="button" className="button" onClick={() => window.print()}>
          Print or save as PDF
        </button>
        {courseId && <Link to={`/courses/${courseId}`}>About the course</Link>}
      </div>
    </article>
  );
}
