import { Link } from 'react-router';

/** The moment a learner finished a course: said once on the page, with the way to their certificate. */
export function CompletionNotice({ certificateId }: { certificateId: string }) {
  return (
    <div className="notice notice-success completion" role="status">
      <h2>
        <span aria-hidden="true">🎉</span> Course completed
      </h2>
      <p>Well done: you finished every lesson. Your certificate is ready.</p>
      <p>
        <Link className="button" to={`/certificates/${certificateId}`}>
          View your certificate
        </Link>
      </p>
    </div>
  );
}
